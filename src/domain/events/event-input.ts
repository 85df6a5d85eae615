// What a coordinator types to publish an event, and the event it becomes once the form's
// schema (routes/events.ts) has checked it. Times are Danish wall-clock time.

export interface EventFormValues {
  organisationId: string;
  title: string;
  description: string;
  startsAt: string;
  endsAt: string;
  place: string;
  onlineUrl: string;
  capacity: string;
}

export interface EventInput {
  organisationId: string;
  title: string;
  description: string;
  startsAt: Date;
  endsAt: Date;
  place: string | null;
  onlineUrl: string | null;
  capacity: number;
}

export const LIMITS = { title: 200, description: 5000, place: 300, onlineUrl: 500, capacity: 10000 } as const;

/** An http or https address with a host, nothing else (no javascript:, no data:). */
export function isWebAddress(value: string): boolean {
  if (/\s/.test(value)) return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname.length > 0 && !url.username && !url.password;
  } catch {
    return false;
  }
}
