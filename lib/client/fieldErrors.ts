import { ApiError } from './api';

export interface FormErrors<F extends string> {
  /** the messages to show beside the form's own fields */
  fields: Partial<Record<F, string>>;
  /** what is left for the form as a whole: the message of an error that names none of its fields */
  message?: string;
}

/**
 * A refusal split for a form (the envelope's `fields`, lib/console/route.ts): each message of a field the form shows,
 * to stand beside that field, and the error's message when it names no such field (a conflict, a fault, a field the
 * form does not have), so that nothing the server said is lost and nothing is said twice.
 */
export function formErrors<F extends string>(error: unknown, shown: readonly F[]): FormErrors<F> {
  if (!error) return { fields: {} };
  const fields: Partial<Record<F, string>> = {};
  let unplaced = true;
  if (error instanceof ApiError && error.fields) {
    const entries = Object.entries(error.fields);
    for (const [name, text] of entries) if ((shown as readonly string[]).includes(name)) fields[name as F] = text;
    unplaced = Object.keys(fields).length < entries.length || entries.length === 0;
  }
  const message = error instanceof Error ? error.message : String(error);
  return unplaced ? { fields, message } : { fields };
}
