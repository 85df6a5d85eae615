// Learning groups: peers from any organisation reflect together on their own practice. A
// reflection can be tied to an action-learning round and to one of the cycle's phases, in this
// order. The words are in i18n (`learning.phases`).

export type ActionLearningPhase = 'plan' | 'act' | 'observe' | 'reflect';
export const ACTION_LEARNING_PHASES: readonly ActionLearningPhase[] = ['plan', 'act', 'observe', 'reflect'];

/** 'open': anyone who works as a peer or coordinator joins at once; 'request': a host lets them in. */
export type GroupAdmission = 'open' | 'request';
export const GROUP_ADMISSIONS: readonly GroupAdmission[] = ['open', 'request'];

export const LEARNING_LIMITS = { name: 120, purpose: 600, reply: 2000 } as const;
