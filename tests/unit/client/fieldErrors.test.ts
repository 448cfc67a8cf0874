import { describe, expect, it } from 'vitest';
import { ApiError } from '@/lib/client/api';
import { formErrors } from '@/lib/client/fieldErrors';

describe('formErrors', () => {
  const shown = ['email', 'password'] as const;

  it('puts a field refusal beside its field and says nothing twice', () => {
    const e = new ApiError(409, 'errors.user.exists', 'E-mail: a@b.c already has an account.', { email: 'E-mail: a@b.c already has an account.' });
    expect(formErrors(e, shown)).toEqual({ fields: { email: 'E-mail: a@b.c already has an account.' } });
  });

  it('keeps the message for the form when a field is not among the form’s', () => {
    const e = new ApiError(400, 'errors.user.role', 'role: unknown.', { role: 'role: unknown.', email: 'email: bad.' });
    expect(formErrors(e, shown)).toEqual({ fields: { email: 'email: bad.' }, message: 'role: unknown.' });
  });

  it('gives the message of an error without fields, and of a plain Error, to the form', () => {
    expect(formErrors(new ApiError(400, 'errors.user.lastAdmin', 'The last active administrator stays.'), shown)).toEqual({ fields: {}, message: 'The last active administrator stays.' });
    expect(formErrors(new ApiError(400, 'k', 'm', {}), shown)).toEqual({ fields: {}, message: 'm' });
    expect(formErrors(new Error('The server could not be reached.'), shown)).toEqual({ fields: {}, message: 'The server could not be reached.' });
  });

  it('is empty without an error', () => {
    expect(formErrors(null, shown)).toEqual({ fields: {} });
    expect(formErrors(undefined, shown)).toEqual({ fields: {} });
  });
});
