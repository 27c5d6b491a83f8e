import type { z } from 'zod';

/**
 * JSON kept outside the app's control (sessionStorage, a script element the server wrote), read back as
 * `schema` says, or undefined when it is missing, not JSON or not of that shape: the caller then starts
 * afresh (signs in again, asks the API) instead of failing.
 */
export function parsedJson<T>(schema: z.ZodType<T>, text: string | null | undefined): T | undefined {
  if (!text) return undefined;
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
