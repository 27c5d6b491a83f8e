import type { LinkTokenPayload } from './linkTokens';
import { problem } from '../../contracts/problems';
import { fullLinkHolds, releaseResponseSlot, reserveResponseSlot } from './links';
import { responseExists } from '../queries/responses';
import { normalizedResponseId, prepareSubmission, storePrepared, type SubmitOutcome } from './responses';
import type { ServerState } from '../state';

/**
 * A QR respondent's response, counted against its link's cap. The response is checked first and a place
 * taken only for one ready to store, so invalid submissions never hold the places of valid ones; the place
 * is given back unless a new response was stored, so stored responses never exceed the cap. A full link
 * still answers a resend of a response it already holds (the phone lost the first reply), and refuses a
 * new one cheaply: its places name the responses they hold, so no query of the responses is needed
 * (finding 6 of issue 13: a lookup of a missing id scans them on FerretDB).
 */
export async function submitThroughLink(state: ServerState, body: unknown, link: LinkTokenPayload): Promise<SubmitOutcome> {
  const submitter = { kind: 'link', link } as const;
  if (!(await mayBeResendToFullLink(state, link.linkId, normalizedResponseId(idOf(body))))) throw problem('link-capped');
  const prepared = await prepareSubmission(state, body, submitter);
  if ('refusal' in prepared) return prepared.refusal;
  const slot = await reserveResponseSlot(state, link.linkId, prepared.id);
  if (slot === undefined) {
    if (await mayBeResendToFullLink(state, link.linkId, prepared.id)) return storePrepared(state, prepared);
    throw problem('link-capped');
  }
  let outcome: SubmitOutcome;
  try {
    outcome = await storePrepared(state, prepared);
  } catch (error) {
    if (slot) await releaseResponseSlot(state, link.linkId, slot);
    throw error;
  }
  if (slot && outcome.status !== 201) await releaseResponseSlot(state, link.linkId, slot);
  return outcome;
}

const idOf = (body: unknown): unknown => (body as { id?: unknown } | null)?.id;

/** False only when the link is known to be full and this id is not among the responses it holds. */
async function mayBeResendToFullLink(state: ServerState, linkId: string, id: string | undefined): Promise<boolean> {
  const holds = fullLinkHolds(state, linkId, id);
  if (holds === 'not full' || holds === 'yes') return true;
  if (holds === 'no' || id === undefined) return false;
  return responseExists(state.connection, id);
}
