export type SessionKind = 'conversation' | 'companionship' | 'meeting_preparation' | 'accompanying' | 'other';
export type ChimeTheme = 'connectedness' | 'hope' | 'identity' | 'meaning' | 'empowerment';
export type PracticeNoteKind = 'worked' | 'method' | 'question';
