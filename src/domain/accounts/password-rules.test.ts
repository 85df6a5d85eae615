import { describe, expect, it } from 'vitest';
import { passwordProblem, personalWords, type StrengthEstimate } from './password-rules.ts';

const person = { username: 'alma.hansen', chosenName: 'Alma Sofie' };
const estimate = (e: StrengthEstimate) => () => e;

describe('password rules', () => {
  it('counts at least 10 and at most 200 characters, whatever the estimator says', () => {
    const strong = estimate({ score: 4, parts: [] });
    expect(passwordProblem('123456789', person, strong)).toBe('tooShort');
    expect(passwordProblem('1234567890', person, strong)).toBeNull();
    expect(passwordProblem('x'.repeat(200), person, strong)).toBeNull();
    expect(passwordProblem('x'.repeat(201), person, strong)).toBe('tooLong');
  });

  it('accepts from score 3 and names the first reason it finds below it', () => {
    expect(passwordProblem('0123456789', person, estimate({ score: 3, parts: ['commonPassword'] }))).toBeNull();
    expect(passwordProblem('0123456789', person, estimate({ score: 2, parts: ['commonPassword', 'personal'] }))).toBe('personal');
    expect(passwordProblem('0123456789', person, estimate({ score: 2, parts: ['word', 'commonPassword'] }))).toBe('common');
    expect(passwordProblem('0123456789', person, estimate({ score: 1, parts: ['pattern', 'other'] }))).toBe('pattern');
    expect(passwordProblem('0123456789', person, estimate({ score: 2, parts: ['word', 'other'] }))).toBe('guessable');
  });

  it("hands the estimator the person's names, their parts and the service's name", () => {
    let seen: string[] = [];
    passwordProblem('0123456789', person, (_p, words) => {
      seen = words;
      return { score: 4, parts: [] };
    });
    expect(seen).toEqual(expect.arrayContaining(['alma.hansen', 'alma', 'hansen', 'alma sofie', 'sofie', 'egne ord', 'egneord']));
    expect(personalWords({ username: 'bo', chosenName: 'Bo' })).toEqual(['bo', 'egne ord', 'egneord']);
  });
});
