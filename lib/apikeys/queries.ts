import type { PrismaClient } from '../db/client';

/** Reading API keys (issue 8): never their secret. The writes are in lib/apikeys/actions.ts. */
export interface ApiKeyListItem {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdBy: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export const API_KEY_LIST_SELECT = { id: true, name: true, prefix: true, scopes: true, createdBy: true, createdAt: true, lastUsedAt: true, revokedAt: true } as const;

/** Every key, the newest first; revoked ones too (the console shows when). */
export async function listApiKeys(prisma: PrismaClient): Promise<ApiKeyListItem[]> {
  return prisma.apiKey.findMany({ select: API_KEY_LIST_SELECT, orderBy: [{ createdAt: 'desc' }, { id: 'asc' }] });
}

/** The key a machine request presents, by its hash; null when no key has it. */
export async function apiKeyByHash(prisma: PrismaClient, keyHash: string): Promise<{ id: string; scopes: string[]; revokedAt: Date | null; lastUsedAt: Date | null } | null> {
  return prisma.apiKey.findUnique({ where: { keyHash }, select: { id: true, scopes: true, revokedAt: true, lastUsedAt: true } });
}
