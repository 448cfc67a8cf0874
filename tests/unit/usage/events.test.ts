import { describe, expect, it } from 'vitest';
import { MAX_BATCH, parseRfc3339, parseUsageBody, parseUsageEvent } from '../../../lib/usage/events';

const now = new Date('2026-12-02T10:30:00Z');
const ev = (over: Record<string, unknown> = {}) => ({
  specversion: '1.0',
  id: 'e-1',
  source: 'saas/meter',
  subject: 'inst-1',
  type: 'sms',
  time: '2026-12-02T10:15:00Z',
  data: { value: 3 },
  ...over,
});

describe('parseUsageEvent', () => {
  it('takes a CloudEvents 1.0 event: subject the instance, type the billing item, the hour of its time', () => {
    expect(parseUsageEvent(ev(), 4, now)).toEqual({
      index: 4,
      id: 'e-1',
      source: 'saas/meter',
      instanceId: 'inst-1',
      billingItem: 'sms',
      time: Date.parse('2026-12-02T10:15:00Z'),
      hour: Date.parse('2026-12-02T10:00:00Z'),
      units: 30000,
    });
  });

  it('an absent time is now; a numeric string value and an offset time are accepted', () => {
    expect(parseUsageEvent(ev({ time: undefined }), 0, now)).toMatchObject({ time: now.getTime(), hour: Date.parse('2026-12-02T10:00:00Z') });
    expect(parseUsageEvent(ev({ time: '2026-12-02T18:20:00.123+08:00', data: { value: '1.5' } }), 0, now)).toMatchObject({
      hour: Date.parse('2026-12-02T10:00:00Z'),
      units: 15000,
    });
  });

  it.each([
    [ev({ id: undefined }), null, 'id is missing'],
    [ev({ id: 7 }), null, 'id must be a string'],
    [ev({ id: 'x'.repeat(256) }), null, 'id is longer than 255 characters'],
    [ev({ source: '' }), 'e-1', 'source is missing'],
    [ev({ subject: undefined }), 'e-1', 'subject is missing (the subject is the instanceId)'],
    [ev({ subject: 'i'.repeat(65) }), 'e-1', 'subject is longer than 64 characters (the subject is the instanceId)'],
    [ev({ type: undefined }), 'e-1', 'type is missing (the type is the billing item)'],
    [ev({ specversion: '0.3' }), 'e-1', 'specversion must be "1.0" (CloudEvents 1.0)'],
    [ev({ time: 'yesterday' }), 'e-1', 'time must be an RFC 3339 date-time, e.g. 2026-12-02T10:15:00Z'],
    [ev({ time: '2026-02-31T10:00:00Z' }), 'e-1', 'time must be an RFC 3339 date-time, e.g. 2026-12-02T10:15:00Z'],
    [ev({ time: '2026-11-11T10:00:00Z' }), 'e-1', 'time is older than 20 days: the marketplace no longer accepts it'],
    [ev({ time: '2026-12-02T10:36:00Z' }), 'e-1', 'time is more than 5 minutes ahead of the server clock'],
    [ev({ data: undefined }), 'e-1', 'data must be an object with a value, e.g. {"value": 12.5}'],
    [ev({ data: { value: 0 } }), 'e-1', 'data.value must be greater than 0'],
    [ev({ data: { value: '1.00001' } }), 'e-1', 'data.value has more than 4 decimals'],
    [ev({ data: { amount: 3 } }), 'e-1', 'data.value is missing'],
    [ev({ data_base64: 'AA==' }), 'e-1', 'data_base64 is not accepted: send data as JSON, e.g. {"value": 12.5}'],
    [ev({ subject: 'a\nb' }), 'e-1', 'subject contains control characters (the subject is the instanceId)'],
    [[1, 2], null, 'the event must be a JSON object'],
    [null, null, 'the event must be a JSON object'],
  ])('rejects %j naming the attribute', (raw, id, error) => {
    expect(parseUsageEvent(raw, 2, now)).toEqual({ index: 2, id, error });
  });

  it('a time 4:59 ahead or 19 days old is fine', () => {
    expect(parseUsageEvent(ev({ time: '2026-12-02T10:34:59Z' }), 0, now)).toHaveProperty('units');
    expect(parseUsageEvent(ev({ time: '2026-11-13T10:30:00Z' }), 0, now)).toHaveProperty('units');
  });
});

describe('parseRfc3339', () => {
  it('accepts Z and offsets, lower-case t and z, fractions; refuses the rest', () => {
    expect(parseRfc3339('2026-12-02t10:15:00z')).toBe(Date.parse('2026-12-02T10:15:00.000Z'));
    expect(parseRfc3339('2026-12-02T10:15:00.5-01:00')).toBe(Date.parse('2026-12-02T11:15:00.500Z'));
    for (const bad of ['2026-12-02 10:15:00Z', '2026-12-02T10:15:00', '2026-13-02T10:15:00Z', '2026-12-02T24:00:00Z', '20261202T101500Z']) {
      expect(parseRfc3339(bad), bad).toBeUndefined();
    }
  });
});

describe('parseUsageBody', () => {
  it('reads the three media types', () => {
    expect(parseUsageBody('application/cloudevents+json; charset=utf-8', JSON.stringify(ev()))).toEqual({ events: [ev()] });
    expect(parseUsageBody('application/cloudevents-batch+json', JSON.stringify([ev(), ev()]))).toEqual({ events: [ev(), ev()] });
    expect(parseUsageBody('application/json', JSON.stringify(ev()))).toEqual({ events: [ev()] });
    expect(parseUsageBody('Application/JSON', JSON.stringify([ev()]))).toEqual({ events: [ev()] });
  });

  it('refuses another type, bad JSON, a shape that does not match the type, an empty or too large batch', () => {
    expect(parseUsageBody('text/plain', '{}')).toMatchObject({ status: 415 });
    expect(parseUsageBody(null, '{}')).toMatchObject({ status: 415 });
    expect(parseUsageBody('application/json', '{')).toEqual({ status: 400, error: 'the body is not JSON' });
    expect(parseUsageBody('application/cloudevents+json', '[]')).toMatchObject({ status: 400 });
    expect(parseUsageBody('application/cloudevents-batch+json', '{}')).toMatchObject({ status: 400 });
    expect(parseUsageBody('application/json', '[]')).toEqual({ status: 400, error: 'the batch is empty' });
    const big = JSON.stringify(Array.from({ length: MAX_BATCH + 1 }, () => ({})));
    expect(parseUsageBody('application/json', big)).toEqual({ status: 413, error: 'a batch holds at most 1000 events; this one has 1001' });
  });
});
