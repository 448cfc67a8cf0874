import { decryptAtRest, encryptAtRest } from '../secrets';
import { isDebugActivity, SECRET_KEPT, secretFields } from './catalog';

/**
 * A saved case's secret fields (applicationSync.clientSecret, typed in plain text) are kept encrypted at rest with the
 * app's at-rest key, as a typed key is (debug_case.key_enc): `enc:<AES-GCM>` in the case's params. The console sees
 * SECRET_KEPT instead; a run decrypts them just before sending.
 */
const PREFIX = 'enc:';

/** The params to store: secret fields encrypted; SECRET_KEPT (the form unchanged) keeps what `before` stored. */
export function sealParams(key: string, activity: string, params: Record<string, string>, before?: Record<string, string>): Record<string, string> {
  if (!isDebugActivity(activity)) return params;
  const out = { ...params };
  for (const f of secretFields(activity)) {
    const v = out[f];
    if (v === undefined) continue;
    if (v === SECRET_KEPT && before?.[f]?.startsWith(PREFIX)) out[f] = before[f]!;
    else out[f] = PREFIX + encryptAtRest(key, v);
  }
  return out;
}

/** The params as the console may see them: every stored secret as SECRET_KEPT. */
export function maskParams(activity: string, params: Record<string, string>): Record<string, string> {
  if (!isDebugActivity(activity)) return params;
  const out = { ...params };
  for (const f of secretFields(activity)) if (out[f] !== undefined) out[f] = SECRET_KEPT;
  return out;
}

/** The params to send: the secrets decrypted; undefined when one cannot be (the at-rest key changed). */
export function openParams(key: string, activity: string, params: Record<string, string>): Record<string, string> | undefined {
  if (!isDebugActivity(activity)) return params;
  const out = { ...params };
  for (const f of secretFields(activity)) {
    const v = out[f];
    if (!v?.startsWith(PREFIX)) continue;
    try {
      out[f] = decryptAtRest(key, v.slice(PREFIX.length));
    } catch {
      return undefined;
    }
  }
  return out;
}
