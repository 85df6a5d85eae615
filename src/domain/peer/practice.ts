// The words peer work is logged in: kinds of session, the CHIME recovery themes, and kinds of
// practice note. Forms, services and reports all count by these lists, in this order.
import type { ChimeTheme, PracticeNoteKind, SessionKind } from './kinds.ts';

export const SESSION_KINDS: SessionKind[] = ['conversation', 'companionship', 'meeting_preparation', 'accompanying', 'other'];
export const CHIME_THEMES: ChimeTheme[] = ['connectedness', 'hope', 'identity', 'meaning', 'empowerment'];
export const PRACTICE_KINDS: PracticeNoteKind[] = ['worked', 'method', 'question'];
