import { z } from 'zod';
import type { FieldError } from '../../contracts/errors';
import { problem } from '../../contracts/problems';

/** zod issues as `{path, message}` a client can show next to the field. */
export function fieldErrors(error: z.ZodError, prefix = ''): FieldError[] {
  return error.issues.map((issue) => ({ path: [prefix, ...issue.path.map(String)].filter(Boolean).join('.') || '(body)', message: issue.message }));
}

export function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw problem('invalid-body', fieldErrors(parsed.error));
  return parsed.data;
}

/** A query string checked like a body; 400 `invalid-query` names each bad parameter. */
export function parseQuery<T>(schema: z.ZodType<T>, query: unknown): T {
  const parsed = schema.safeParse(query);
  if (!parsed.success) throw problem('invalid-query', fieldErrors(parsed.error));
  return parsed.data;
}
