import type { AppConfig } from '../config';
import type { AppSecrets } from '../secrets';
import { BuiltinProvisioner } from './builtin';
import type { Provisioner } from './types';
import { WebhookProvisioner } from './webhook';

export type { Provisioner } from './types';

/** Chooses the provisioner from PROVISIONER (builtin by default, webhook when PROVISIONER_WEBHOOK_URL is set). */
export function createProvisioner(config: AppConfig, secrets: AppSecrets): Provisioner {
  if (config.provisioner === 'webhook') {
    return new WebhookProvisioner(config.webhookUrl, config.webhookSecret ?? secrets.webhookSecret);
  }
  return new BuiltinProvisioner(config.publicUrl, secrets.encryptionKey);
}
