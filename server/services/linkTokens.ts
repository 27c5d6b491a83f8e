import { z } from 'zod';
import { signToken, TokenError, verifyToken } from './signedTokens';

/**
 * What a QR link's token carries: which instrument a respondent answers, for which sampling point, until
 * when. The token alone proves the link was issued here; whether it is still open (revoked, capped) is a
 * question for the links collection.
 */
export const linkTokenPayloadSchema = z.object({
  linkId: z.string().min(1),
  instrumentId: z.string().min(1),
  instrumentVersion: z.number().int().positive(),
  samplingPoint: z.string().min(1),
  mode: z.literal('cawi'),
  exp: z.number().int().positive(),
  maxResponses: z.number().int().positive().optional(),
  /** A draft's test link: what it brings in is test data, kept apart. */
  test: z.literal(true).optional(),
});
export type LinkTokenPayload = z.infer<typeof linkTokenPayloadSchema>;

const PURPOSE = 'cawi-link';

export function signLinkToken(payload: LinkTokenPayload, secret: string): string {
  return signToken(PURPOSE, linkTokenPayloadSchema.parse(payload), secret);
}

/** The payload of a genuine, unexpired link token; TokenError (malformed | bad-signature | expired) otherwise. */
export function verifyLinkToken(token: string, secret: string, now = new Date()): LinkTokenPayload {
  const parsed = linkTokenPayloadSchema.safeParse(verifyToken(PURPOSE, token, secret, now));
  if (!parsed.success) throw new TokenError('malformed');
  return parsed.data;
}
