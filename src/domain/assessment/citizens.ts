import { RECOVERY_USERS } from '../evaluation/defaults.ts';
import type { Theme } from './items.ts';

// The citizens' questionnaire on recovery orientation (RECOVERY_USERS in evaluation/defaults.ts)
// asks about the same themes as the staff self-assessment, in a user's words. Which theme each
// of its items belongs to, so the users' answers can be drawn beside the staff's.

export const USERS_QUESTIONNAIRE_KEY = RECOVERY_USERS.key;

export const USER_ITEM_THEMES: Readonly<Record<string, Theme>> = {
  'what-matters': 'recoveryPlans',
  'my-plan': 'recoveryPlans',
  'my-say': 'participation',
  peer: 'peerSupport',
  'good-life': 'missionStrategy',
  'asked-opinion': 'qualityDevelopment',
  'choose-support': 'choice',
  'choose-person': 'choice',
  'people-close': 'familyNetwork',
  'good-at': 'strengths',
  believe: 'strengths',
  'no-pressure': 'coercion',
  'after-force': 'coercion',
  'plain-words': 'cultureLanguage',
  'say-no': 'cultureLanguage',
  basics: 'basicNeeds',
  treatment: 'treatmentAccess',
  admission: 'treatmentAccess',
  skilled: 'staffSkills',
};

/** A theme where staff and users differ, largest difference first. */
export interface ThemeGap {
  theme: Theme;
  staff: number;
  users: number;
  /** users − staff, to one decimal. */
  difference: number;
}

/**
 * The themes where the users' score and the staff's differ by at least `min` (both shown),
 * largest difference first, at most `limit` of them.
 */
export function largestGaps(
  themes: readonly Theme[],
  staff: (t: Theme) => number | null,
  users: (t: Theme) => number | null,
  min = 0.5,
  limit = 3,
): ThemeGap[] {
  const out: ThemeGap[] = [];
  for (const theme of themes) {
    const s = staff(theme);
    const u = users(theme);
    if (s === null || u === null) continue;
    const difference = Math.round((u - s) * 10) / 10;
    if (Math.abs(difference) >= min) out.push({ theme, staff: s, users: u, difference });
  }
  return out.sort((a, b) => Math.abs(b.difference) - Math.abs(a.difference) || a.theme.localeCompare(b.theme)).slice(0, limit);
}
