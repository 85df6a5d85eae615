import { describe, expect, it } from 'vitest';
import { RECOVERY_USERS } from '../evaluation/defaults.ts';
import { CURRENT, type Theme } from './items.ts';
import { largestGaps, USER_ITEM_THEMES, USERS_QUESTIONNAIRE_KEY } from './citizens.ts';

describe("the citizens' recovery questionnaire", () => {
  it('puts every item under a theme of the staff self-assessment, and asks about every theme', () => {
    expect(USERS_QUESTIONNAIRE_KEY).toBe('recovery-users');
    expect(RECOVERY_USERS.audience).toBe('citizen');
    const keys = RECOVERY_USERS.items.map((i) => i.key);
    expect(Object.keys(USER_ITEM_THEMES).sort()).toEqual([...keys].sort());
    for (const theme of CURRENT.themes) expect(Object.values(USER_ITEM_THEMES), theme).toContain(theme);
  });

  it('is said as a user would say it, on the staff scale, with "ved ikke / passer ikke på mig" unscored', () => {
    expect(RECOVERY_USERS.items.map((i) => i.text.da)).toContain('Personalet spørger mig, hvad der er vigtigt for mig.');
    for (const item of RECOVERY_USERS.items) {
      expect(item.type).toBe('singleChoice');
      if (item.type !== 'singleChoice') continue;
      expect(item.required).toBe(false);
      expect(item.options.map((o) => o.score)).toEqual([1, 2, 3, 4, 5, undefined]);
      expect(item.options.at(-1)!.label.da).toBe('Ved ikke / passer ikke på mig');
      // The staff's words for the service, not the staff's own jargon.
      expect(item.text.da).not.toMatch(/recovery|borger|peer-medarbejder/i);
    }
  });
});

describe('where staff and users disagree', () => {
  const staff: Partial<Record<Theme, number>> = { participation: 4, coercion: 4.2, choice: 3, basicNeeds: 3.5, peerSupport: 2 };
  const users: Partial<Record<Theme, number>> = { participation: 3.4, coercion: 2.6, choice: 4, basicNeeds: 3.4, strengths: 1 };
  it('lists the themes with the largest difference first, both sides shown, at least half a point apart', () => {
    const gaps = largestGaps(
      CURRENT.themes,
      (t) => staff[t] ?? null,
      (t) => users[t] ?? null,
    );
    expect(gaps).toEqual([
      { theme: 'coercion', staff: 4.2, users: 2.6, difference: -1.6 },
      { theme: 'choice', staff: 3, users: 4, difference: 1 },
      { theme: 'participation', staff: 4, users: 3.4, difference: -0.6 },
    ]);
    expect(
      largestGaps(
        CURRENT.themes,
        (t) => staff[t] ?? null,
        () => null,
      ),
    ).toEqual([]);
  });
});
