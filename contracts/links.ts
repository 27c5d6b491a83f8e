import { z } from 'zod';
import type { ProblemCode } from './problems';
import { errorBodySchema } from './errors';

/** The problem codes that close a QR link for a respondent (contracts/problems.ts): the phone shows one page per code. */
export const LINK_CLOSED_CODES = ['link-invalid', 'link-expired', 'link-revoked', 'link-capped'] as const satisfies readonly ProblemCode[];
export type LinkClosedCode = (typeof LINK_CLOSED_CODES)[number];

export function isLinkClosedCode(code: string): code is LinkClosedCode {
  return (LINK_CLOSED_CODES as readonly string[]).includes(code);
}

/** What GET /api/links/resolve/:token answers, and what the page /s/:token carries inlined as `link`. */
export const resolvedLinkSchema = z.object({
  linkId: z.string(),
  samplingPoint: z.string(),
  siteName: z.string(),
  instrument: z.object({ id: z.string(), version: z.number(), json: z.record(z.string(), z.unknown()) }),
});
export type ResolvedLink = z.infer<typeof resolvedLinkSchema>;

/** The page's inlined resolution (server/routes/respondentPage.ts): the link, or why it cannot be answered. */
export const inlinedLinkSchema = z.union([
  z.object({ link: resolvedLinkSchema }),
  // A closed link: the common error body (code, Chinese message, messageEn) and the page's HTTP status.
  z.object({ error: errorBodySchema.extend({ status: z.number() }) }),
]);
export type InlinedLink = z.infer<typeof inlinedLinkSchema>;

/** The id of the script element of the page /s/:token that carries the inlined resolution. */
export const RESOLVED_LINK_ELEMENT_ID = 'resolved-link';

/** An issued link as the admin API shows it. */
export const linkViewSchema = z.object({
  id: z.string(),
  token: z.string(),
  url: z.string(),
  shortCode: z.string(),
  /** `<base>/s/<shortCode>`: the URL for the QR code and the poster. */
  shortUrl: z.string(),
  samplingPoint: z.string(),
  instrumentId: z.string(),
  instrumentVersion: z.number().int(),
  expiresAt: z.string(),
  maxResponses: z.number().int().nullable(),
  responseCount: z.number().int(),
  revoked: z.boolean(),
});
export type LinkView = z.infer<typeof linkViewSchema>;

const futureDate = z.iso.datetime({ offset: true, message: 'expected an ISO 8601 date-time such as 2026-12-31T23:59:59Z' }).transform((value) => new Date(value));
const maxResponses = z.number().int().positive().max(100_000);

/** POST /api/links. */
export const linkRequestSchema = z.strictObject({
  samplingPoint: z.string().min(1).max(40),
  instrumentId: z.string().min(1).max(100),
  instrumentVersion: z.number().int().positive().optional(),
  expiresAt: futureDate.optional(),
  maxResponses: maxResponses.optional(),
});
export type LinkRequest = z.infer<typeof linkRequestSchema>;

/** POST /api/links/all-sites: one link per sampling point. */
export const allSitesRequestSchema = linkRequestSchema.omit({ samplingPoint: true }).extend({
  /** Also issue for a site that already has an open link of this instrument (by default such sites are skipped). */
  duplicate: z.boolean().default(false),
});
/** The answer of POST /api/links/all-sites: the links issued, and the sites skipped because they already had one. */
export const allSitesReplySchema = z.object({ links: z.array(linkViewSchema), skipped: z.array(z.string()) });
export type AllSitesReply = z.infer<typeof allSitesReplySchema>;

/** POST /api/instruments/:id/versions/:version/test-link's body: the site of the test link (the frame's first by default). */
export const testLinkRequestSchema = z.strictObject({ samplingPoint: z.string().min(1).max(40).optional() });
/** Its answer: a draft's test link and the test interviews it has taken. */
export const testLinkReplySchema = linkViewSchema.extend({ test: z.literal(true), testResponses: z.number().int() });
export type TestLinkReply = z.infer<typeof testLinkReplySchema>;

/** PATCH /api/links/:id: a later expiry, another cap (null: no cap), or both. */
export const extendRequestSchema = z
  .strictObject({ expiresAt: futureDate.optional(), maxResponses: maxResponses.nullable().optional() })
  .refine((request) => request.expiresAt !== undefined || request.maxResponses !== undefined, 'send expiresAt, maxResponses (null: no cap) or both');

/** GET /api/links/posters.pdf: the links to print (comma-separated ids), or every open link. */
export const posterQuerySchema = z.strictObject({
  ids: z
    .string()
    .transform((ids) => ids.split(',').filter(Boolean))
    .pipe(z.array(z.string().min(1)).min(1, 'expected link ids separated by commas').max(500, 'expected at most 500 links'))
    .optional(),
});
