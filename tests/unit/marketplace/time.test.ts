import { describe, expect, it } from 'vitest';
import { formatMarketplaceTime, parseMarketplaceTime } from '@/lib/marketplace/time';

/** spec §3.5 expireTime (14 or 17 digits, UTC) and §3.4 statisticalTime (17 digits, UTC). */
describe('parseMarketplaceTime', () => {
  it('reads 14 digits as UTC seconds', () => {
    expect(parseMarketplaceTime('20221124023618')?.toISOString()).toBe('2022-11-24T02:36:18.000Z');
  });

  it('reads 17 digits as UTC with milliseconds (the spec example)', () => {
    expect(parseMarketplaceTime('20221124023618256')?.toISOString()).toBe('2022-11-24T02:36:18.256Z');
  });

  it('keeps leading-zero milliseconds', () => {
    expect(parseMarketplaceTime('20221124023618007')?.getUTCMilliseconds()).toBe(7);
    expect(parseMarketplaceTime('20221124023618070')?.getUTCMilliseconds()).toBe(70);
    expect(parseMarketplaceTime('20221124023618999')?.getUTCMilliseconds()).toBe(999);
  });

  it('is independent of the local time zone (UTC)', () => {
    expect(parseMarketplaceTime('20240101000000')!.getTime()).toBe(Date.UTC(2024, 0, 1));
  });

  it('accepts the boundaries of every field', () => {
    expect(parseMarketplaceTime('20240101000000')?.toISOString()).toBe('2024-01-01T00:00:00.000Z');
    expect(parseMarketplaceTime('20241231235959')?.toISOString()).toBe('2024-12-31T23:59:59.000Z');
    expect(parseMarketplaceTime('20240430000000')?.toISOString()).toBe('2024-04-30T00:00:00.000Z');
  });

  it('accepts the leap day 2024-02-29 and 2000-02-29', () => {
    expect(parseMarketplaceTime('20240229120000')?.toISOString()).toBe('2024-02-29T12:00:00.000Z');
    expect(parseMarketplaceTime('20000229000000')?.toISOString()).toBe('2000-02-29T00:00:00.000Z');
  });

  it.each([
    ['2023-02-29 (not a leap year)', '20230229120000'],
    ['1900-02-29 (century, not a leap year)', '19000229120000'],
    ['2024-02-30', '20240230120000'],
    ['April 31', '20240431000000'],
    ['month 13', '20241301000000'],
    ['month 00', '20240001000000'],
    ['day 00', '20240100000000'],
    ['day 32', '20240132000000'],
    ['hour 24', '20240101240000'],
    ['hour 25', '20240101250000'],
    ['minute 60', '20240101006000'],
    ['second 60', '20240101000060'],
    ['letters', '2024010100000a'],
    ['empty', ''],
    ['15 digits', '202401010000001'],
    ['16 digits', '2024010100000012'],
    ['18 digits', '202401010000001234'],
    ['13 digits', '2024010100000'],
    ['separators', '2024-01-01 00:00:00'],
    ['trailing newline', '20240101000000\n'],
    ['leading space', ' 20240101000000'],
    ['a sign', '+20240101000000'],
    ['non-ASCII digits', '２０２４０１０１０００００００'],
  ])('refuses %s', (_what, v) => {
    expect(parseMarketplaceTime(v)).toBeUndefined();
  });
});

describe('formatMarketplaceTime', () => {
  it('writes 17 digits UTC by default', () => {
    expect(formatMarketplaceTime(new Date('2022-11-24T02:36:18.256Z'))).toBe('20221124023618256');
  });

  it('writes 14 digits without milliseconds (truncated, not rounded)', () => {
    expect(formatMarketplaceTime(new Date('2022-11-24T02:36:18.999Z'), false)).toBe('20221124023618');
  });

  it('pads every field', () => {
    expect(formatMarketplaceTime(new Date('2024-01-02T03:04:05.006Z'))).toBe('20240102030405006');
    expect(formatMarketplaceTime(new Date('0999-01-01T00:00:00.000Z'))).toBe('09990101000000000');
  });
});

describe('round trips', () => {
  it.each(['20221124023618256', '20240229235959999', '20000101000000000', '20991231235959001'])('parse → format %s', (s) => {
    expect(formatMarketplaceTime(parseMarketplaceTime(s)!)).toBe(s);
  });

  it.each(['20221124023618', '20240229000000'])('parse → format without ms %s', (s) => {
    expect(formatMarketplaceTime(parseMarketplaceTime(s)!, false)).toBe(s);
    // a 14-digit value has no milliseconds
    expect(formatMarketplaceTime(parseMarketplaceTime(s)!)).toBe(s + '000');
  });

  it('format → parse gives back the same instant to the millisecond', () => {
    for (const ms of [0, 1, 1680508066618, Date.UTC(2024, 1, 29, 23, 59, 59, 999), 4102444799999]) {
      const d = new Date(ms);
      expect(parseMarketplaceTime(formatMarketplaceTime(d))!.getTime()).toBe(ms);
      expect(parseMarketplaceTime(formatMarketplaceTime(d, false))!.getTime()).toBe(ms - (ms % 1000));
    }
  });
});
