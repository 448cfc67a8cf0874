import { createHmac } from 'node:crypto';
import nodemailer from 'nodemailer';
import type { Locale } from '../i18n/core';
import type { ChatKind } from './kinds';
import { plainText, type AlertWords } from './text';

/**
 * The alert channels (issue 12) and how a message is put to each: e-mail over SMTP (nodemailer), and the chat
 * webhooks of DingTalk (custom robot, with its optional signing secret), Feishu / Lark (custom bot, optional signature),
 * WeCom (group robot) and Slack-compatible incoming webhooks. The request builders are pure (tested against the
 * documented formats); `sendChat` / `sendMail` do the I/O, each bounded by a timeout, with errors that never carry
 * the webhook's URL (its token) or the SMTP password.
 */

export interface ChatRequest {
  url: string;
  body: Record<string, unknown>;
}

/**
 * DingTalk's custom robot signature: HMAC-SHA256 over `timestamp + "\n" + secret` keyed with the secret, Base64, sent
 * as `&timestamp=…&sign=…` (URL-encoded) with the timestamp in milliseconds.
 */
export function dingtalkSign(secret: string, timestampMs: number): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`, 'utf8').digest('base64');
}

/** Feishu / Lark's custom bot signature: HMAC-SHA256 keyed with `timestamp + "\n" + secret` over nothing, Base64; seconds. */
export function feishuSign(secret: string, timestampSeconds: number): string {
  return createHmac('sha256', `${timestampSeconds}\n${secret}`).update('').digest('base64');
}

/** The request that posts `w` to a chat of `kind` at `url`. */
export function chatRequest(kind: ChatKind, url: string, w: AlertWords, locale: Locale, opts: { secret?: string; now?: number } = {}): ChatRequest {
  const now = opts.now ?? Date.now();
  const text = plainText(w, locale);
  switch (kind) {
    case 'dingtalk': {
      const markdown = [`### ${w.title}`, '', ...w.lines, '', `[${w.url}](${w.url})`].join('\n');
      let target = url;
      if (opts.secret) {
        const u = new URL(url);
        u.searchParams.set('timestamp', String(now));
        u.searchParams.set('sign', dingtalkSign(opts.secret, now));
        target = u.toString();
      }
      return { url: target, body: { msgtype: 'markdown', markdown: { title: w.title, text: markdown } } };
    }
    case 'feishu': {
      const seconds = Math.floor(now / 1000);
      return {
        url,
        body: { ...(opts.secret ? { timestamp: String(seconds), sign: feishuSign(opts.secret, seconds) } : {}), msg_type: 'text', content: { text } },
      };
    }
    case 'wecom':
      return { url, body: { msgtype: 'markdown', markdown: { content: [`**${w.title}**`, ...w.lines, `[${w.url}](${w.url})`].join('\n') } } };
    case 'slack':
      return { url, body: { text: `*${w.title}*\n${w.lines.join('\n')}\n<${w.url}>` } };
  }
}

/** DingTalk and WeCom answer `errcode`, Feishu `code` (older bots `StatusCode`): anything but 0 is a refusal. */
export function chatRefusal(kind: ChatKind, status: number, text: string): string | undefined {
  if (status < 200 || status >= 300) return `HTTP ${status}${text ? `: ${text.slice(0, 200)}` : ''}`;
  if (kind === 'slack') return undefined;
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return `the answer is not JSON: ${text.slice(0, 200)}`;
  }
  const code = kind === 'feishu' ? (json.code ?? json.StatusCode) : json.errcode;
  if (code === undefined || code === 0 || code === '0') return undefined;
  const msg = json.errmsg ?? json.msg ?? json.StatusMessage ?? '';
  return `code ${String(code)}${msg ? `: ${String(msg).slice(0, 200)}` : ''}`;
}

export const SEND_TIMEOUT_MS = 10_000;

/** Posts the message; throws an Error naming the chat's refusal or the transport's failure, never the URL. */
export async function sendChat(kind: ChatKind, req: ChatRequest, timeoutMs = SEND_TIMEOUT_MS): Promise<void> {
  let res: Response;
  try {
    res = await fetch(req.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(req.body), signal: AbortSignal.timeout(timeoutMs), redirect: 'error' });
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } };
    throw new Error(`${kind} webhook unreachable: ${e.name === 'TimeoutError' ? `no answer in ${timeoutMs} ms` : (e.cause?.code ?? e.message)}`);
  }
  const refusal = chatRefusal(kind, res.status, await res.text().catch(() => ''));
  if (refusal) throw new Error(`${kind} webhook refused the message: ${refusal}`);
}

export interface MailSettings {
  /** smtp://user:pass@host:port or smtps://… (SMTP_URL) */
  smtpUrl: string;
  from: string;
}

/** One e-mail to `to`; throws an Error without the SMTP URL's password. */
export async function sendMail(settings: MailSettings, to: string[], w: AlertWords, locale: Locale, timeoutMs = SEND_TIMEOUT_MS): Promise<void> {
  const transport = nodemailer.createTransport(settings.smtpUrl, { connectionTimeout: timeoutMs, greetingTimeout: timeoutMs, socketTimeout: timeoutMs });
  try {
    await transport.sendMail({ from: settings.from, to, subject: w.title, text: plainText(w, locale) });
  } catch (err) {
    const e = err as Error & { code?: string; responseCode?: number };
    throw new Error(`e-mail not sent: ${e.responseCode ? `SMTP ${e.responseCode} ` : ''}${e.code ?? ''} ${e.message.replace(/\/\/[^@/\s]*@/g, '//***@')}`.trim());
  } finally {
    transport.close();
  }
}

/** What the console shows of a webhook URL: its origin and the last 4 characters (the token stays hidden). */
export function urlHint(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}/… …${url.slice(-4)}`;
  } catch {
    return '…';
  }
}
