// The words peer work is logged in: kinds of session, the CHIME recovery themes, and kinds of
// practice note. Forms, services and reports all count by these lists, in this order.
import type { ChimeTheme, PracticeNoteKind, SessionKind } from './kinds.ts';

export const SESSION_KINDS: SessionKind[] = [
  'conversation',
  'being_together',
  'companionship',
  'meeting_preparation',
  'accompanying',
  'treatment_talk',
  'other',
];
export const CHIME_THEMES: ChimeTheme[] = ['connectedness', 'hope', 'identity', 'meaning', 'empowerment'];
export const PRACTICE_KINDS: PracticeNoteKind[] = ['worked', 'method', 'question'];

/** How long a citizen's own comment on a session may be. */
export const SESSION_COMMENT_MAX = 2000;
