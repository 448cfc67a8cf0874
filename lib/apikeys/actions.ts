import { audit, auditRefusal } from '../audit/actions';
import type { ConsoleUser } from '../auth/users';
import type { Db, PrismaClient } from '../db/client';
import { fieldRefusal, refusal } from '../refusal';
import { newApiKey } from './key';
import { API_SCOPES, isApiScope } from './scopes';

/**
 * Creating and revoking API keys (admins, issue 8), each audited with the key's id as target and its name and scopes
 * as detail, never the key. Refusals are thrown. Plain writes are Prisma; the audit entry goes through the pool.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A new key: `{ id, key }`, the key's only appearance; the database keeps its hash and prefix. */
export async function createApiKey(db: Db, by: ConsoleUser, input: { name?: unknown; scopes?: unknown }): Promise<{ id: string; key: string }> {
  const name = typeof input.name === 'string' ? input.name.trim() : '';
  if (name.length < 1 || name.length > 100) return auditRefusal(db.pool, by, 'apikey.create', null, fieldRefusal('name', 'errors.apikey.name'));
  const scopes = Array.isArray(input.scopes) ? [...new Set(input.scopes)] : [];
  if (scopes.length === 0 || !scopes.every(isApiScope)) {
    return auditRefusal(db.pool, by, 'apikey.create', null, fieldRefusal('scopes', 'errors.apikey.scopes', { scopes: API_SCOPES.join(', ') }));
  }
  const { key, hash, prefix } = newApiKey();
  const { id } = await db.prisma.apiKey.create({ data: { name, scopes, keyHash: hash, prefix, createdBy: by.email }, select: { id: true } });
  await audit(db.pool, { user: by, action: 'apikey.create', target: id, outcome: 'success', detail: { name, scopes } });
  return { id, key };
}

/** Revokes a key from now on; a key already revoked stays as it was (idempotent). An unknown id is notFound. */
export async function revokeApiKey(db: Db, by: ConsoleUser, id: string): Promise<{ revokedAt: Date }> {
  const found = UUID.test(id) ? await db.prisma.apiKey.findUnique({ where: { id }, select: { name: true, scopes: true, revokedAt: true } }) : null;
  if (!found) return auditRefusal(db.pool, by, 'apikey.revoke', id, refusal('notFound', 'errors.apikey.none'));
  // the condition keeps the first revocation's time when two admins revoke at once
  await db.prisma.apiKey.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date() } });
  const { revokedAt } = await db.prisma.apiKey.findUniqueOrThrow({ where: { id }, select: { revokedAt: true } });
  await audit(db.pool, {
    user: by,
    action: 'apikey.revoke',
    target: id,
    outcome: 'success',
    detail: { name: found.name, scopes: found.scopes, ...(found.revokedAt ? { already: true } : {}) },
  });
  return { revokedAt: revokedAt! };
}

/** How often a key's last use is written: at most once a minute, so a busy client does not write on every request. */
export const LAST_USED_EVERY_MS = 60_000;

/** Records a key's use unless it was recorded in the last minute (checked again in the statement, for parallel requests). */
export async function touchApiKey(prisma: PrismaClient, key: { id: string; lastUsedAt: Date | null }, now = new Date()): Promise<void> {
  if (key.lastUsedAt && now.getTime() - key.lastUsedAt.getTime() < LAST_USED_EVERY_MS) return;
  const before = new Date(now.getTime() - LAST_USED_EVERY_MS);
  await prisma.apiKey.updateMany({ where: { id: key.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: before } }] }, data: { lastUsedAt: now } });
}
