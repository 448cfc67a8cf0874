import type pg from 'pg';
import { DEFAULT_LOCALE, isLocale, type Locale } from '../i18n/core';
import { decryptAtRest } from '../secrets';
import { chatRequest, sendChat, sendMail } from './channels';
import type { ChannelKind, ChatKind } from './kinds';
import type { DeliveryEvent } from './evaluate';
import { isRuleKey } from './rules';
import { alertWords, type AlertSubject } from './text';

/**
 * Sends one delivery (an alert's message to one channel), the alert-delivery job's work (issue 12). A failure is
 * recorded on the delivery (state failing, the error) and thrown, so pg-boss retries it with backoff; a delivery that
 * gives up is in the attention queue like every job. A delivery already sent is not sent again (a retried job).
 * E-mail goes to the channel's console users, one message per language, each user's own (null: English).
 */

export interface AlertSendSettings {
  /** the console's base URL (PUBLIC_URL): the messages' links */
  publicUrl: string;
  smtpUrl?: string;
  emailFrom: string;
  encryptionKey: string;
}

interface DeliveryRow {
  state: string;
  event: DeliveryEvent;
  facts: AlertSubject['facts'];
  count: number;
  rule: string | null;
  cause: string | null;
  link: string | null;
  kind: ChannelKind;
  url_enc: string | null;
  secret_enc: string | null;
  recipients: string[] | null;
  locale: string;
}

// SQL: the delivery with its channel and alert, one keyed read; its bookkeeping as keyed updates
export async function runAlertDelivery(data: { deliveryId?: unknown }, db: Pick<pg.Pool, 'query'>, settings: AlertSendSettings): Promise<'done' | 'skipped'> {
  const id = String(data.deliveryId ?? '');
  if (!/^\d{1,19}$/.test(id)) return 'skipped';
  const { rows } = await db.query<DeliveryRow>(
    `SELECT d.state, d.event, d.facts, d.count, a.rule, a.cause, a.link, c.kind, c.url_enc, c.secret_enc, c.recipients, c.locale
       FROM alert_delivery d JOIN alert_channel c ON c.id = d.channel_id LEFT JOIN alert a ON a.id = d.alert_id
      WHERE d.id = $1`,
    [id],
  );
  const row = rows[0];
  if (!row || row.state === 'sent') return 'skipped';
  const subject: AlertSubject = { rule: isRuleKey(row.rule) ? row.rule : null, cause: row.cause ?? '', count: row.count, facts: row.facts ?? {}, link: row.link ?? '/alerts' };
  try {
    await send(row, subject, db, settings);
  } catch (err) {
    await db.query(`UPDATE alert_delivery SET state = 'failing', attempts = attempts + 1, last_error = $2 WHERE id = $1`, [id, (err as Error).message.slice(0, 1000)]);
    throw err;
  }
  await db.query(`UPDATE alert_delivery SET state = 'sent', attempts = attempts + 1, last_error = NULL, sent_at = now() WHERE id = $1`, [id]);
  return 'done';
}

async function send(row: DeliveryRow, subject: AlertSubject, db: Pick<pg.Pool, 'query'>, settings: AlertSendSettings): Promise<void> {
  if (row.kind === 'email') {
    if (!settings.smtpUrl) throw new Error('e-mail not sent: SMTP_URL is not set');
    const { rows: users } = await db.query<{ email: string; locale: string | null }>(
      `SELECT email, locale FROM "user" WHERE id = ANY($1::uuid[]) AND NOT disabled ORDER BY email`,
      [row.recipients ?? []],
    );
    if (!users.length) throw new Error('e-mail not sent: the channel has no enabled recipients');
    const byLocale = new Map<Locale, string[]>();
    for (const u of users) {
      const l = isLocale(u.locale) ? u.locale : DEFAULT_LOCALE;
      byLocale.set(l, [...(byLocale.get(l) ?? []), u.email]);
    }
    for (const [locale, to] of byLocale) {
      await sendMail({ smtpUrl: settings.smtpUrl, from: settings.emailFrom }, to, alertWords(locale, row.event, subject, settings.publicUrl), locale);
    }
    return;
  }
  if (!row.url_enc) throw new Error('the channel has no webhook URL');
  const locale = isLocale(row.locale) ? row.locale : DEFAULT_LOCALE;
  const url = decryptAtRest(settings.encryptionKey, row.url_enc);
  const secret = row.secret_enc ? decryptAtRest(settings.encryptionKey, row.secret_enc) : undefined;
  const kind = row.kind as ChatKind;
  await sendChat(kind, chatRequest(kind, url, alertWords(locale, row.event, subject, settings.publicUrl), locale, { secret }));
}
