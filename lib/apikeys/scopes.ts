/** The scopes an API key can hold; a machine route names the one it needs (lib/machine/route.ts). No Node imports: the console's form offers them too. */
export const API_SCOPES = ['usage:write', 'directory:read', 'licences:activate'] as const;
export type ApiScope = (typeof API_SCOPES)[number];

export function isApiScope(s: unknown): s is ApiScope {
  return typeof s === 'string' && (API_SCOPES as readonly string[]).includes(s);
}
