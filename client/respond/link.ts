import { inlinedLinkSchema, RESOLVED_LINK_ELEMENT_ID, type InlinedLink } from '../../contracts/links';
import { parsedJson } from '../shared/storedJson';

/** The link resolved by the server inside the page, or undefined (a page without it fetches the API instead). */
export function inlinedLink(document: Document): InlinedLink | undefined {
  return parsedJson(inlinedLinkSchema, document.getElementById(RESOLVED_LINK_ELEMENT_ID)?.textContent);
}
