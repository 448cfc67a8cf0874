/**
 * Repeated failed sign-ins are slowed down: after 5 failures in a row an account refuses attempts for a while,
 * doubling each further failure (15 s, 30 s … at most 15 minutes). A success resets the count.
 */
export const FREE_ATTEMPTS = 5;

export function lockoutSeconds(failedLogins: number): number {
  if (failedLogins < FREE_ATTEMPTS) return 0;
  return Math.min(15 * 2 ** (failedLogins - FREE_ATTEMPTS), 900);
}

/** Seconds the account must still wait before the next attempt (0 = may try now). */
export function waitSeconds(failedLogins: number, lastFailedAt: Date | null, now = Date.now()): number {
  const lock = lockoutSeconds(failedLogins);
  if (!lock || !lastFailedAt) return 0;
  return Math.max(0, Math.ceil((lastFailedAt.getTime() + lock * 1000 - now) / 1000));
}
