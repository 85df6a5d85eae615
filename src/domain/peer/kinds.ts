export type SessionKind = 'conversation' | 'being_together' | 'companionship' | 'meeting_preparation' | 'accompanying' | 'treatment_talk' | 'other';
export type ChimeTheme = 'connectedness' | 'hope' | 'identity' | 'meaning' | 'empowerment';
export type PracticeNoteKind = 'worked' | 'method' | 'question';
