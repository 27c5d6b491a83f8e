import { z } from 'zod';

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
  z.object({ error: z.object({ status: z.number(), code: z.string(), message: z.string() }) }),
]);
export type InlinedLink = z.infer<typeof inlinedLinkSchema>;

/** The id of the script element that carries it; the server (server/routes/respondentPage.ts) writes it. */
export const RESOLVED_LINK_ELEMENT_ID = 'resolved-link';

/** The link resolved by the server inside the page, or undefined (a page without it fetches the API instead). */
export function inlinedLink(document: Document): InlinedLink | undefined {
  const text = document.getElementById(RESOLVED_LINK_ELEMENT_ID)?.textContent;
  if (!text) return undefined;
  try {
    const parsed = inlinedLinkSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
