import type { Queryable } from '../db/client';
import { safeErrorText } from '../jobs/attention';
import type { ChannelKind } from './kinds';
import { RULE_KEYS, RULES, type RuleDefinition, type RuleKey } from './rules';
import { ruleSettings } from './settings';
import type { AlertSubject } from './text';

/** What the Alerts page, the Overview and Settings → Alerts read (issue 12). */

export interface AlertRow extends AlertSubject {
  id: string;
  state: 'open' | 'resolved';
  openedAt: string;
  lastSeenAt: string;
  lastNotifiedAt: string;
  resolvedAt: string | null;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  /** its messages by state, over every channel */
  deliveries: { sent: number; failing: number; pending: number };
}

/** How long resolved alerts stay on the Alerts page. */
export const RECENT_DAYS = 7;

// SQL: alert by state / opened_at, its deliveries counted in one grouped join
export async function listAlerts(db: Queryable, opts: { state?: 'open' | 'all'; limit?: number; now?: Date } = {}): Promise<AlertRow[]> {
  const now = opts.now ?? new Date();
  const { rows } = await db.query<{
    id: string; rule: RuleKey; cause: string; state: 'open' | 'resolved'; count: number; facts: AlertSubject['facts']; link: string;
    opened_at: Date; last_seen_at: Date; last_notified_at: Date; resolved_at: Date | null; acknowledged_at: Date | null; acknowledged_by: string | null;
    sent: number; failing: number; pending: number;
  }>(
    `SELECT a.id::text AS id, a.rule, a.cause, a.state, a.count, a.facts, a.link, a.opened_at, a.last_seen_at, a.last_notified_at, a.resolved_at,
            a.acknowledged_at, a.acknowledged_by,
            count(d.id) FILTER (WHERE d.state = 'sent')::int AS sent, count(d.id) FILTER (WHERE d.state = 'failing')::int AS failing,
            count(d.id) FILTER (WHERE d.state = 'pending')::int AS pending
       FROM alert a LEFT JOIN alert_delivery d ON d.alert_id = a.id
      WHERE a.state = 'open' OR ($1 AND a.resolved_at > $2::timestamptz - make_interval(days => $3))
      GROUP BY a.id
      ORDER BY (a.state = 'open') DESC, a.opened_at DESC, a.id DESC
      LIMIT $4`,
    [opts.state !== 'open', now, RECENT_DAYS, Math.min(Math.max(opts.limit ?? 200, 1), 500)],
  );
  return rows.map((r) => ({
    id: r.id, rule: r.rule, cause: r.cause, state: r.state, count: r.count, facts: r.facts, link: r.link,
    openedAt: r.opened_at.toISOString(), lastSeenAt: r.last_seen_at.toISOString(), lastNotifiedAt: r.last_notified_at.toISOString(),
    resolvedAt: r.resolved_at?.toISOString() ?? null, acknowledgedAt: r.acknowledged_at?.toISOString() ?? null, acknowledgedBy: r.acknowledged_by,
    deliveries: { sent: r.sent, failing: r.failing, pending: r.pending },
  }));
}

export interface ChannelRow {
  id: string;
  name: string;
  kind: ChannelKind;
  /** a chat's URL as a hint (origin and last 4 characters); never the URL */
  urlHint: string | null;
  signed: boolean;
  recipients: { id: string; email: string }[];
  locale: 'en' | 'zh';
  enabled: boolean;
  createdBy: string;
  createdAt: string;
  /** its latest message: what, how it went */
  lastDelivery: { id: string; event: string; state: string; attempts: number; error: string | null; at: string; sentAt: string | null } | null;
}

// SQL: channels with their recipients' e-mails and their latest delivery (a lateral probe of (channel_id, id desc))
export async function listChannels(db: Queryable): Promise<ChannelRow[]> {
  const { rows } = await db.query<{
    id: string; name: string; kind: ChannelKind; url_hint: string | null; signed: boolean; recipients: { id: string; email: string }[] | null;
    locale: 'en' | 'zh'; enabled: boolean; created_by: string; created_at: Date;
    d_id: string | null; d_event: string | null; d_state: string | null; d_attempts: number | null; d_error: string | null; d_at: Date | null; d_sent: Date | null;
  }>(
    `SELECT c.id::text AS id, c.name, c.kind, c.url_hint, c.secret_enc IS NOT NULL AS signed,
            (SELECT json_agg(json_build_object('id', u.id, 'email', u.email) ORDER BY u.email) FROM "user" u WHERE u.id = ANY(c.recipients)) AS recipients,
            c.locale, c.enabled, c.created_by, c.created_at,
            d.id::text AS d_id, d.event AS d_event, d.state AS d_state, d.attempts AS d_attempts, d.last_error AS d_error, d.created_at AS d_at, d.sent_at AS d_sent
       FROM alert_channel c
       LEFT JOIN LATERAL (SELECT * FROM alert_delivery x WHERE x.channel_id = c.id ORDER BY x.id DESC LIMIT 1) d ON true
      ORDER BY c.id`,
  );
  return rows.map((r) => ({
    id: r.id, name: r.name, kind: r.kind, urlHint: r.url_hint, signed: r.signed, recipients: r.recipients ?? [], locale: r.locale, enabled: r.enabled,
    createdBy: r.created_by, createdAt: r.created_at.toISOString(),
    lastDelivery: r.d_id
      ? { id: r.d_id, event: r.d_event!, state: r.d_state!, attempts: r.d_attempts!, error: safeErrorText(r.d_error), at: r.d_at!.toISOString(), sentAt: r.d_sent?.toISOString() ?? null }
      : null,
  }));
}

export interface RuleRow extends RuleDefinition {
  enabled: boolean;
  value: number;
}

export async function listRules(db: Queryable): Promise<RuleRow[]> {
  const settings = await ruleSettings(db);
  return RULE_KEYS.map((k) => ({ ...RULES[k], enabled: settings[k].enabled, value: settings[k].threshold }));
}
