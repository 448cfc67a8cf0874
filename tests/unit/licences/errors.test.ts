import { describe, expect, it } from 'vitest';
import licenceMessages from '@/lib/i18n/messages/licences';
import { isRefusal, messageText, type RefusalMessage } from '@/lib/refusal';
import { decideDelivery, decideDeliveryKeyed, DELIVERY_STATUSES, type DeliveryAction } from '@/lib/licences/transitions';
import { checkDecisionInput, checkDeliverInput, checkFileName, checkFileSize, checkProductId, LICENCE_FILE_MAX_BYTES, type Checked } from '@/lib/licences/validation';

const now = new Date('2026-11-25T12:00:00Z');
const delivered = new Date('2026-11-25T10:00:00Z');

/**
 * Every validation failure, with the English text the API gave before the messages had keys (byte for byte), and its
 * key. The key must be in both catalogues; the Chinese text must be Chinese with every value filled.
 */
const failures: [string, Checked<unknown>, { field: string; key: string; en: string }][] = [
  ['productId missing', checkProductId(' '), { field: 'productId', key: 'err.productId.required', en: 'productId is required.' }],
  ['productId long', checkProductId('x'.repeat(65)), { field: 'productId', key: 'err.productId.long', en: 'productId is at most 64 characters.' }],
  ['productId chars', checkProductId('a b'), { field: 'productId', key: 'err.productId.chars', en: 'productId may hold only letters, digits and . _ : -' }],
  ['start missing', checkDeliverInput({}, now), { field: 'serviceStartTime', key: 'err.time.required', en: 'serviceStartTime is required.' }],
  [
    'start format',
    checkDeliverInput({ serviceStartTime: 'yesterday' }, now),
    { field: 'serviceStartTime', key: 'err.time.format', en: 'serviceStartTime must be an ISO 8601 date and time with a time zone, e.g. 2026-11-25T09:30:00Z.' },
  ],
  ['start 1999', checkDeliverInput({ serviceStartTime: '1999-12-31T23:59:59Z' }, now), { field: 'serviceStartTime', key: 'err.time.before2000', en: 'serviceStartTime is before the year 2000.' }],
  ['start ahead', checkDeliverInput({ serviceStartTime: '2026-11-27T12:00:01Z' }, now), { field: 'serviceStartTime', key: 'err.time.dayAhead', en: 'serviceStartTime is more than a day in the future.' }],
  ['note text', checkDeliverInput({ serviceStartTime: '2026-11-25T09:30:00Z', note: 5 }, now), { field: 'note', key: 'err.note.text', en: 'note must be text.' }],
  [
    'note long',
    checkDeliverInput({ serviceStartTime: '2026-11-25T09:30:00Z', note: 'x'.repeat(1001) }, now),
    { field: 'note', key: 'err.note.long', en: 'note is at most 1000 characters (it has 1001).' },
  ],
  ['decision', checkDecisionInput({ decision: 'maybe' }, delivered, now), { field: 'decision', key: 'err.decision', en: 'decision must be accepted or rejected.' }],
  ['note required', checkDecisionInput({ decision: 'rejected' }, delivered, now), { field: 'note', key: 'err.note.required', en: 'note is required: say why.' }],
  ['decided future', checkDecisionInput({ decision: 'accepted', decidedAt: '2026-11-25T12:05:00Z' }, delivered, now), { field: 'decidedAt', key: 'err.time.future', en: 'decidedAt is in the future.' }],
  [
    'decided before delivery',
    checkDecisionInput({ decision: 'accepted', decidedAt: '2026-11-25T09:00:00Z' }, delivered, now),
    { field: 'decidedAt', key: 'err.time.beforeDelivery', en: 'decidedAt is before the licence was delivered (2026-11-25T10:00:00.000Z).' },
  ],
  ['file not a file', checkFileName(undefined), { field: 'file', key: 'err.file.notFile', en: 'file must be a file.' }],
  ['file no name', checkFileName('dir/'), { field: 'file', key: 'err.file.noName', en: 'The file has no name.' }],
  ['file name long', checkFileName('x'.repeat(256)), { field: 'file', key: 'err.file.nameLong', en: 'The file name is at most 255 characters.' }],
  ['file empty', checkFileSize(0), { field: 'file', key: 'err.file.empty', en: 'The file is empty.' }],
  ['file big', checkFileSize(LICENCE_FILE_MAX_BYTES * 2), { field: 'file', key: 'err.file.tooBig', en: 'The file is 2.0 MiB; a licence file may be at most 1 MiB.' }],
];

const hasChinese = (s: string) => /[\u4e00-\u9fff]/.test(s);
const unfilled = (s: string) => /\{\w+\}/.test(s);

type LicenceKey = keyof (typeof licenceMessages)['en'];
/** a message of the licences catalogue, as the tests below name it (without the catalogue's prefix) */
const licences = (key: string, vars?: RefusalMessage['vars']): RefusalMessage => ({ key: `licences.${key}` as RefusalMessage['key'], vars });
const englishText = (m: RefusalMessage) => messageText(m, 'en');
const own = (m: RefusalMessage) => m.key.replace(/^licences\./, '') as LicenceKey;

function inCatalogues(m: RefusalMessage) {
  expect(m.key.startsWith('licences.'), m.key).toBe(true);
  expect(licenceMessages.en[own(m)], m.key).toEqual(expect.any(String));
  expect(licenceMessages.zh[own(m)], m.key).toEqual(expect.any(String));
  const zh = messageText(m, 'zh');
  expect(hasChinese(zh), zh).toBe(true);
  expect(unfilled(zh), zh).toBe(false);
  expect(unfilled(englishText(m)), englishText(m)).toBe(false);
}

describe('licence validation failures carry a message key; the English is unchanged', () => {
  it.each(failures)('%s', (_name, r, want) => {
    if (!isRefusal(r)) throw new Error('expected a failure');
    expect(r).toMatchObject({ kind: 'invalid', message: want.en, key: `licences.${want.key}` });
    expect(Object.keys(r.fields ?? {})).toEqual([want.field]);
    expect(englishText(r)).toBe(want.en);
    expect(r.toEnvelope('en')).toEqual({ error: { key: `licences.${want.key}`, message: want.en, fields: { [want.field]: want.en } } });
    inCatalogues(r);
  });

  it('the Chinese names the field in Chinese, not by its API name', () => {
    const r = checkDecisionInput({ decision: 'rejected' }, delivered, now);
    if (!isRefusal(r)) throw new Error('expected a failure');
    expect(messageText(r, 'zh')).toBe('请填写备注：说明驳回的原因。');
    const start = checkDeliverInput({}, now);
    if (!isRefusal(start)) throw new Error('expected a failure');
    expect(messageText(start, 'zh')).toBe('请填写服务实际开通时间。');
    expect(start.toEnvelope('zh').error.fields).toEqual({ serviceStartTime: '请填写服务实际开通时间。' });
  });

  it('covers every validation key of the catalogue', () => {
    const used = new Set(failures.map(([, , w]) => w.key));
    const validationKeys = Object.keys(licenceMessages.en).filter((k) => /^err\.(productId|note|time|decision|file)/.test(k));
    expect(validationKeys.filter((k) => !used.has(k))).toEqual([]);
  });
});

describe('delivery refusals carry a message key; the English is unchanged', () => {
  const live = { hasLicence: true, instanceReleased: false };
  const expected: [string, DeliveryAction, typeof live, string, string][] = [
    ['delivered', 'issue', live, 'err.cannotReplace', 'The licence has been delivered; it cannot be replaced.'],
    ['accepted', 'issue', live, 'err.cannotReplace', 'The licence has been accepted; it cannot be replaced.'],
    ['awaiting', 'issue', { ...live, instanceReleased: true }, 'err.released', 'The instance has been released: no licence is owed.'],
    ['delivered', 'deliver', live, 'err.alreadyDelivered', 'The licence has already been delivered.'],
    ['rejected', 'deliver', { ...live, instanceReleased: true }, 'err.released', 'The instance has been released: no licence is owed.'],
    ['awaiting', 'deliver', { ...live, hasLicence: false }, 'err.needLicence', 'Generate or upload a licence first.'],
    ['awaiting', 'accept', live, 'err.notDelivered', 'The licence has not been delivered yet.'],
    ['rejected', 'reject', live, 'err.notDelivered', 'The licence has not been delivered yet.'],
    ['accepted', 'reject', live, 'err.alreadyDecided', "The buyer's decision is already recorded (accepted)."],
  ];
  it.each(expected)('%s + %s', (status, action, facts, key, en) => {
    const d = decideDeliveryKeyed(status as (typeof DELIVERY_STATUSES)[number], action, facts);
    if (d.kind !== 'refuse') throw new Error('expected a refusal');
    expect(d).toMatchObject({ kind: 'refuse', reason: en, refusal: { kind: 'conflict', key: `licences.${key}`, message: en } });
    expect(decideDelivery(status as (typeof DELIVERY_STATUSES)[number], action, facts)).toEqual({ kind: 'refuse', reason: en });
    inCatalogues(d.refusal);
  });

  it('every refusal of every status and action has a key in the catalogues', () => {
    for (const status of DELIVERY_STATUSES)
      for (const action of ['issue', 'deliver', 'accept', 'reject'] as const)
        for (const facts of [live, { hasLicence: false, instanceReleased: false }, { hasLicence: true, instanceReleased: true }]) {
          const d = decideDeliveryKeyed(status, action, facts);
          if (d.kind === 'refuse') {
            expect(englishText(d.refusal)).toBe(d.reason);
            inCatalogues(d.refusal);
          }
        }
  });

  it('shows the status in Chinese words', () => {
    const d = decideDeliveryKeyed('delivered', 'issue', live);
    if (d.kind !== 'refuse') throw new Error('expected a refusal');
    expect(messageText(d.refusal, 'zh')).toBe('License 状态为已交付：不能替换。');
  });
});

describe('the other refusals of the licence actions', () => {
  const cases: [RefusalMessage, string][] = [
    [licences('err.needsRole', { role: 'support' }), 'This needs the support role.'],
    [licences('err.productNotMarked', { productId: 'OFFI1' }), 'Product OFFI1 is not marked as a licence product.'],
    [licences('err.deliveryNotFound', { id: '42' }), 'Licence delivery 42 not found.'],
    [licences('err.licenceIdInvalid'), 'licence must be a licence id (UUID).'],
    [licences('err.licenceNotFound', { licenceId: 'abc' }), 'Licence abc not found for this delivery.'],
    [licences('err.noLicence'), 'No licence has been issued for this delivery yet.'],
  ];
  it.each(cases)('%o', (m, en) => {
    expect(englishText(m)).toBe(en);
    inCatalogues(m);
  });

  it('the role is named in Chinese', () => {
    expect(messageText(licences('err.needsRole', { role: 'support' }), 'zh')).toBe('此操作需要技术支持角色。');
  });

  it('the API envelope: the text in the user language, the field and the key', () => {
    const r = checkDecisionInput({ decision: 'rejected' }, delivered, now);
    if (!isRefusal(r)) throw new Error('expected a failure');
    expect(r.toEnvelope('zh')).toEqual({ error: { key: 'licences.err.note.required', message: '请填写备注：说明驳回的原因。', fields: { note: '请填写备注：说明驳回的原因。' } } });
    expect(r.toEnvelope('en')).toEqual({ error: { key: 'licences.err.note.required', message: 'note is required: say why.', fields: { note: 'note is required: say why.' } } });
  });
});
