import { describe, expect, it } from 'vitest';
import { generatePassword } from '@/lib/provisioning/builtin';

const UPPER = /[A-Z]/;
const LOWER = /[a-z]/;
const DIGIT = /[0-9]/;
const SYMBOL = /[#@%+=!]/;

describe('generatePassword', () => {
  const samples = Array.from({ length: 200 }, () => generatePassword());

  it('is 16 characters', () => {
    for (const p of samples) expect(p).toHaveLength(16);
  });

  it('always has an upper-case letter, a lower-case letter, a digit and a symbol', () => {
    for (const p of samples) {
      expect(p).toMatch(UPPER);
      expect(p).toMatch(LOWER);
      expect(p).toMatch(DIGIT);
      expect(p).toMatch(SYMBOL);
    }
  });

  it('uses only the unambiguous alphabet (no I, O, l, 0, 1, no quotes or spaces)', () => {
    for (const p of samples) expect(p).toMatch(/^[A-HJ-NP-Za-km-z2-9#@%+=!]{16}$/);
  });

  it('200 samples are all distinct', () => {
    expect(new Set(samples).size).toBe(200);
  });

  it('the classes are not always in the first four places (shuffled)', () => {
    const firstIsUpper = samples.filter((p) => UPPER.test(p[0]!)).length;
    const secondIsLower = samples.filter((p) => LOWER.test(p[1]!)).length;
    expect(firstIsUpper).toBeLessThan(200);
    expect(secondIsLower).toBeLessThan(200);
  });

  it('symbols can appear anywhere', () => {
    const positions = new Set<number>();
    for (const p of samples) for (let i = 0; i < p.length; i++) if (SYMBOL.test(p[i]!)) positions.add(i);
    expect(positions.size).toBeGreaterThan(8);
  });
});
