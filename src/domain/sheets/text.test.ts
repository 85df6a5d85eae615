import { describe, expect, it } from 'vitest';
import { formatNumber } from './text.ts';

describe('formatNumber', () => {
  it('writes a number as each language does, the same every time it is asked', () => {
    for (let round = 0; round < 3; round++) {
      expect(formatNumber(2000, 'da')).toBe('2.000');
      expect(formatNumber(2000, 'en')).toBe('2,000');
      expect(formatNumber(999, 'da')).toBe('999');
      expect(formatNumber(1234567, 'da')).toBe('1.234.567');
    }
  });

  it('stays right for more numbers than it keeps', () => {
    // Far more distinct numbers than are kept, then the first ones again after they were let go.
    for (let n = 0; n < 3000; n++)
      expect(formatNumber(n * 1001, n % 2 === 0 ? 'da' : 'en')).toBe(new Intl.NumberFormat(n % 2 === 0 ? 'da-DK' : 'en-GB').format(n * 1001));
    expect(formatNumber(0, 'da')).toBe('0');
    expect(formatNumber(1001, 'en')).toBe('1,001');
  });
});
