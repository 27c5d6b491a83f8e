import { inlinedLinkSchema, RESOLVED_LINK_ELEMENT_ID, type InlinedLink } from '../../contracts/links';

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
