import { randomBytes } from 'node:crypto';
import bcrypt from 'bcryptjs';
import { translator } from '../i18n/core';
import errorMessages from '../i18n/messages/errors';

/** bcrypt, cost 10 (about 70 ms here): slow enough to hurt guessing, fast enough for a sign-in. */
const COST = 10;

export function hashPassword(plain: string): Promise<string> {
  return bcrypt.hash(plain, COST);
}

export function verifyPassword(plain: string, hash: string): Promise<boolean> {
  return bcrypt.compare(plain, hash);
}

/** A hash nobody's password matches: compared against when the e-mail is unknown, so both cases take as long. */
export const DUMMY_HASH = bcrypt.hashSync(randomBytes(16).toString('hex'), COST);

export function randomPassword(): string {
  return randomBytes(12).toString('base64url');
}

/** Console passwords: at least 10 characters (the form says so). The problem as a key of lib/i18n/messages/errors. */
export function passwordProblemKey(plain: string): 'password.short' | 'password.long' | undefined {
  if (plain.length < 10) return 'password.short';
  if (plain.length > 200) return 'password.long';
  return undefined;
}

/** The same problem in English. */
export function passwordProblem(plain: string): string | undefined {
  const key = passwordProblemKey(plain);
  return key && translator(errorMessages, 'en')(key);
}
