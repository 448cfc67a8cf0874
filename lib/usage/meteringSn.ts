import { createHash } from 'node:crypto';

/**
 * spec §8.1 metering_sn: unique per record, here deterministic from what the record is (instance, hour, package,
 * sequence), so a retried push resends the same number and the marketplace counts it once. 64 hex characters.
 */
export function meteringSn(instanceId: string, hour: Date, packageInstanceId: string, seq: number): string {
  return createHash('sha256').update(`${instanceId}\n${hour.toISOString()}\n${packageInstanceId}\n${seq}`).digest('hex');
}
