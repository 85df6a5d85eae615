import { parseLocalDateTime } from '../time/copenhagen.ts';

// What a coordinator types to publish an event, checked field by field so the form can say
// exactly what to fix. Times are Danish wall-clock time.

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

export type EventFieldError =
  | 'organisationId'
  | 'title'
  | 'description'
  | 'startsAt'
  | 'endsAt'
  | 'endBeforeStart'
  | 'startInPast'
  | 'place'
  | 'onlineUrl'
  | 'where'
  | 'capacity';

export const LIMITS = { title: 200, description: 5000, place: 300, onlineUrl: 500, capacity: 10000 } as const;

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

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

export function parseEventInput(
  v: EventFormValues,
  now: Date,
): { ok: true; input: EventInput } | { ok: false; errors: Partial<Record<keyof EventFormValues, EventFieldError>> } {
  const errors: Partial<Record<keyof EventFormValues, EventFieldError>> = {};
  const title = v.title.trim();
  const description = v.description.trim();
  const place = v.place.trim();
  const onlineUrl = v.onlineUrl.trim();
  if (!uuid.test(v.organisationId)) errors.organisationId = 'organisationId';
  if (!title || title.length > LIMITS.title) errors.title = 'title';
  if (description.length > LIMITS.description) errors.description = 'description';
  const startsAt = parseLocalDateTime(v.startsAt);
  const endsAt = parseLocalDateTime(v.endsAt);
  if (!startsAt) errors.startsAt = 'startsAt';
  else if (startsAt.getTime() < now.getTime()) errors.startsAt = 'startInPast';
  if (!endsAt) errors.endsAt = 'endsAt';
  else if (startsAt && endsAt.getTime() <= startsAt.getTime()) errors.endsAt = 'endBeforeStart';
  if (place.length > LIMITS.place) errors.place = 'place';
  if (onlineUrl && (onlineUrl.length > LIMITS.onlineUrl || !isWebAddress(onlineUrl))) errors.onlineUrl = 'onlineUrl';
  if (!place && !onlineUrl) errors.place = 'where';
  const capacityText = v.capacity.trim();
  const capacity = /^\d{1,5}$/.test(capacityText) ? Number(capacityText) : NaN;
  if (!Number.isInteger(capacity) || capacity < 1 || capacity > LIMITS.capacity) errors.capacity = 'capacity';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    input: {
      organisationId: v.organisationId,
      title,
      description,
      startsAt: startsAt!,
      endsAt: endsAt!,
      place: place || null,
      onlineUrl: onlineUrl || null,
      capacity,
    },
  };
}
