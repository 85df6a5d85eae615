import { describe, expect, it, vi } from 'vitest';
import { checkNewPassword, estimatorRunning, setEstimatorIdleStop } from './password-strength.ts';

// The rule with the real estimator: zxcvbn-ts, its common dictionary, the Danish dictionary
// and our list of Danish passwords.
const person = { username: 'alma.hansen', chosenName: 'Alma' };

describe('new passwords (NIST SP 800-63B with zxcvbn-ts)', () => {
  it.each([
    ['aaaaaaaaaa', 'pattern'],
    ['password12', 'common'],
    ['1234567890', 'common'],
    ['sommer2024!', 'common'],
    ['kodeord123', 'common'],
    ['hejhej1234', 'common'],
    ['alma.hansen123', 'personal'],
    ['Alma.Hansen2024', 'personal'],
    ['sommerfugl2024', 'pattern'],
    ['sygeplejerske', 'guessable'],
    ['kort', 'tooShort'],
    ['x'.repeat(201), 'tooLong'],
  ])('refuses %j (%s)', async (password, problem) => {
    expect(await checkNewPassword(password, person)).toBe(problem);
  });

  it.each(['kaffe cykel regn vindue', 'Tre grønne heste løber', 'min egen lange sætning', 'en lang og rolig sætning', 'a calm long password'])(
    'accepts the phrase %j',
    async (password) => {
      expect(await checkNewPassword(password, person)).toBeNull();
    },
  );

  it("refuses the person's own username with digits added, whatever the username is", async () => {
    const someone = { username: 'borger7k2q', chosenName: 'Sara' };
    expect(await checkNewPassword('borger7k2q123', someone)).toBe('personal');
    expect(await checkNewPassword('borger7k2q123', { username: 'another', chosenName: 'Sara' })).not.toBe('personal');
  });

  it('counts characters as people do: ten emoji are ten characters', async () => {
    expect(await checkNewPassword('🙂'.repeat(9), person)).toBe('tooShort');
  });
});

describe('the estimator thread stops when idle and starts again on demand', () => {
  it('still refuses a weak Danish password after the thread has stopped, and accepts a good phrase', async () => {
    setEstimatorIdleStop(50);
    try {
      expect(await checkNewPassword('kodeord123', person)).toBe('common');
      await vi.waitFor(() => expect(estimatorRunning()).toBe(false), { timeout: 30_000, interval: 20 });
      expect(await checkNewPassword('sygeplejerske', person)).toBe('guessable');
      expect(await checkNewPassword('kaffe cykel regn vindue', person)).toBeNull();
      expect(estimatorRunning()).toBe(true);
    } finally {
      setEstimatorIdleStop(60_000);
    }
  });

  it('answers every check asked together, and a check while the thread is ending gets a new one', async () => {
    setEstimatorIdleStop(0);
    try {
      const answers = await Promise.all(['kodeord123', 'hejhej1234', 'kaffe cykel regn vindue'].map((p) => checkNewPassword(p, person)));
      expect(answers).toEqual(['common', 'common', null]);
      // Told to stop right after the answers; ask while it is still ending.
      await vi.waitFor(() => expect(estimatorRunning()).toBe(false), { timeout: 30_000, interval: 1 });
      expect(await checkNewPassword('sommer2024!', person)).toBe('common');
    } finally {
      setEstimatorIdleStop(60_000);
    }
  });
});
