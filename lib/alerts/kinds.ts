/** The alert channels' kinds (client-safe: the Settings → Alerts form lists them; lib/alerts/channels.ts sends). */
export const CHANNEL_KINDS = ['email', 'dingtalk', 'feishu', 'wecom', 'slack'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];
export type ChatKind = Exclude<ChannelKind, 'email'>;
/** the chats that sign with a secret */
export const SIGNED_KINDS: readonly ChatKind[] = ['dingtalk', 'feishu'];

export function isChannelKind(v: unknown): v is ChannelKind {
  return typeof v === 'string' && (CHANNEL_KINDS as readonly string[]).includes(v);
}
