import type pg from 'pg';
import type PgBoss from 'pg-boss';
import { audit, auditRefusal } from '../audit/actions';
import type { ConsoleUser } from '../auth/users';
import { withTransaction } from '../db/client';
import { fieldRefusal, refusal, type Refusal } from '../refusal';
import { encryptAtRest } from '../secrets';
import { urlHint } from './channels';
import { CHANNEL_KINDS, isChannelKind, SIGNED_KINDS, type ChatKind } from './kinds';
import { queueDeliveries } from './evaluate';
import { isRuleKey, RULE_KEYS, RULES, validThreshold, type RuleKey } from './rules';

/**
 * What admins and support change about alerts (issue 12), each audited: a rule's switch and threshold, channels added
 * and removed, a test alert, an alert acknowledged. Refusals are thrown (lib/refusal.ts); nothing changes on one.
 * Webhook URLs and signing secrets are stored encrypted and never answered (the console sees a hint).
 */

export interface AlertActionDeps {
  pool: pg.Pool;
  boss: PgBoss;
  encryptionKey: string;
}

const ID = /^\d{1,18}$/;

// SQL: an upsert of the rule's one row
export async function setRule(deps: Pick<AlertActionDeps, 'pool'>, by: ConsoleUser, rule: string, input: { enabled?: unknown; threshold?: unknown }): Promise<{ rule: RuleKey; enabled: boolean; threshold: number }> {
  if (!isRuleKey(rule)) return auditRefusal(deps.pool, by, 'alert.rule', rule.slice(0, 64), fieldRefusal('rule', 'errors.alert.rule', { rules: RULE_KEYS.join(', ') }));
  const threshold = input.threshold === undefined ? RULES[rule].threshold.default : validThreshold(rule, input.threshold);
  if (threshold === undefined) {
    const { min, max } = RULES[rule].threshold;
    return auditRefusal(deps.pool, by, 'alert.rule', rule, fieldRefusal('threshold', 'errors.alert.threshold', { min, max }));
  }
  const enabled = input.enabled !== false;
  await deps.pool.query(
    `INSERT INTO alert_rule (rule, enabled, threshold, updated_by) VALUES ($1, $2, $3, $4)
     ON CONFLICT (rule) DO UPDATE SET enabled = EXCLUDED.enabled, threshold = EXCLUDED.threshold, updated_by = EXCLUDED.updated_by, updated_at = now()`,
    [rule, enabled, threshold, by.email],
  );
  await audit(deps.pool, { user: by, action: 'alert.rule', target: rule, outcome: 'success', detail: { enabled, threshold } });
  return { rule, enabled, threshold };
}

export interface ChannelInput {
  name?: unknown;
  kind?: unknown;
  url?: unknown;
  secret?: unknown;
  recipients?: unknown;
  locale?: unknown;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A new channel: e-mail to chosen enabled console users, or a chat webhook (URL, optional signing secret, language). */
// SQL: one insert; the recipients checked against "user" in one read
export async function createChannel(deps: AlertActionDeps, by: ConsoleUser, input: ChannelInput): Promise<{ id: string }> {
  const no = (r: Refusal) => auditRefusal(deps.pool, by, 'alert.channel.create', null, r);
  const name = typeof input.name === 'string' ? input.name.trim() : '';
  if (name.length < 1 || name.length > 100) return no(fieldRefusal('name', 'errors.alert.channel.name'));
  if (!isChannelKind(input.kind)) return no(fieldRefusal('kind', 'errors.alert.channel.kind', { kinds: CHANNEL_KINDS.join(', ') }));
  const kind = input.kind;
  const locale = input.locale === undefined || input.locale === '' ? 'en' : input.locale;
  if (locale !== 'en' && locale !== 'zh') return no(fieldRefusal('locale', 'errors.alert.channel.locale'));
  let recipients: string[] = [];
  let urlEnc: string | null = null;
  let hint: string | null = null;
  let secretEnc: string | null = null;
  if (kind === 'email') {
    const ids = Array.isArray(input.recipients) ? [...new Set(input.recipients.filter((x): x is string => typeof x === 'string' && UUID.test(x)))] : [];
    if (!ids.length || ids.length !== (input.recipients as unknown[]).length) return no(fieldRefusal('recipients', 'errors.alert.channel.recipients'));
    const { rows } = await deps.pool.query<{ id: string }>(`SELECT id::text AS id FROM "user" WHERE id = ANY($1::uuid[]) AND NOT disabled`, [ids]);
    if (rows.length !== ids.length) return no(fieldRefusal('recipients', 'errors.alert.channel.recipients'));
    recipients = ids;
  } else {
    const url = typeof input.url === 'string' ? input.url.trim() : '';
    let parsed: URL | undefined;
    try {
      parsed = url.length <= 2000 ? new URL(url) : undefined;
    } catch {
      parsed = undefined;
    }
    if (!parsed || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')) return no(fieldRefusal('url', 'errors.alert.channel.url'));
    const secret = typeof input.secret === 'string' ? input.secret.trim() : '';
    if (input.secret !== undefined && typeof input.secret !== 'string') return no(fieldRefusal('secret', 'errors.alert.channel.secret'));
    if (secret && (secret.length > 200 || !SIGNED_KINDS.includes(kind as ChatKind))) return no(fieldRefusal('secret', 'errors.alert.channel.secret'));
    urlEnc = encryptAtRest(deps.encryptionKey, url);
    hint = urlHint(url);
    secretEnc = secret ? encryptAtRest(deps.encryptionKey, secret) : null;
  }
  const { rows } = await deps.pool.query<{ id: string }>(
    `INSERT INTO alert_channel (name, kind, url_enc, url_hint, secret_enc, recipients, locale, created_by) VALUES ($1, $2, $3, $4, $5, $6::uuid[], $7, $8) RETURNING id::text AS id`,
    [name, kind, urlEnc, hint, secretEnc, recipients, locale, by.email],
  );
  const id = rows[0]!.id;
  await audit(deps.pool, { user: by, action: 'alert.channel.create', target: id, outcome: 'success', detail: { name, kind, recipients: recipients.length, signed: Boolean(secretEnc), locale } });
  return { id };
}

export async function deleteChannel(deps: Pick<AlertActionDeps, 'pool'>, by: ConsoleUser, id: string): Promise<{ deleted: true }> {
  const { rows } = ID.test(id) ? await deps.pool.query<{ name: string; kind: string }>(`DELETE FROM alert_channel WHERE id = $1 RETURNING name, kind`, [id]) : { rows: [] };
  if (!rows[0]) return auditRefusal(deps.pool, by, 'alert.channel.delete', id.slice(0, 64), refusal('notFound', 'errors.alert.channel.none'));
  await audit(deps.pool, { user: by, action: 'alert.channel.delete', target: id, outcome: 'success', detail: { name: rows[0].name, kind: rows[0].kind } });
  return { deleted: true };
}

/** A test message to one channel, sent like every alert (a delivery and its job). */
export async function testChannel(deps: AlertActionDeps, by: ConsoleUser, id: string): Promise<{ deliveryId: string }> {
  const { rows } = ID.test(id) ? await deps.pool.query<{ id: string }>(`SELECT id::text AS id FROM alert_channel WHERE id = $1`, [id]) : { rows: [] };
  if (!rows[0]) return auditRefusal(deps.pool, by, 'alert.channel.test', id.slice(0, 64), refusal('notFound', 'errors.alert.channel.none'));
  const [deliveryId] = (await withTransaction(deps.pool, (client) => queueDeliveries(client, deps.boss, [id], null, 'test', { count: 0, facts: {} }))) as [string];
  await audit(deps.pool, { user: by, action: 'alert.channel.test', target: id, outcome: 'success', detail: { delivery: deliveryId } });
  return { deliveryId };
}

/** Acknowledged: someone is on it; no digests until it resolves (it still resolves by itself). Idempotent. */
export async function acknowledgeAlert(deps: Pick<AlertActionDeps, 'pool'>, by: ConsoleUser, id: string): Promise<{ acknowledgedAt: Date }> {
  const { rows } = ID.test(id)
    ? await deps.pool.query<{ acknowledged_at: Date }>(
        `UPDATE alert SET acknowledged_at = COALESCE(acknowledged_at, now()), acknowledged_by = COALESCE(acknowledged_by, $2) WHERE id = $1 RETURNING acknowledged_at`,
        [id, by.email],
      )
    : { rows: [] };
  if (!rows[0]) return auditRefusal(deps.pool, by, 'alert.acknowledge', id.slice(0, 64), refusal('notFound', 'errors.alert.none'));
  await audit(deps.pool, { user: by, action: 'alert.acknowledge', target: id, outcome: 'success' });
  return { acknowledgedAt: rows[0].acknowledged_at };
}
