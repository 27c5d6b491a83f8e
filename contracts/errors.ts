import { z } from 'zod';

/** One field's problem: where (`answers.q1`, `line 3, site_code`) and what is wrong with it. */
export const fieldErrorSchema = z.object({ path: z.string(), message: z.string() });
export type FieldError = z.infer<typeof fieldErrorSchema>;

/**
 * The body of every API error (server/http/errors.ts): a stable code from the problem catalogue
 * (contracts/problems.ts), the message in Chinese for the person at the screen, the same in English,
 * the fields concerned, and the request id a log line carries.
 */
export const errorBodySchema = z.object({
  code: z.string(),
  message: z.string(),
  messageEn: z.string().optional(),
  errors: z.array(fieldErrorSchema).optional(),
  requestId: z.string().optional(),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;
