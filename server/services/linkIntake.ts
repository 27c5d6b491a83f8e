import type { Connection } from 'mongoose';
import { modelsOf } from '../models';
import type { LinkTokenPayload } from './linkTokens';
import { problem } from '../../contracts/problems';
import { releaseResponseSlot, reserveResponseSlot } from './links';
import { submitResponse, type SubmitOutcome } from './responses';

/**
 * A QR respondent's response, counted against its link's cap: a place is reserved first and given back
 * unless a new response was stored, so stored responses never exceed the cap and failed attempts keep no place.
 * A full link still answers a resend of a response it already holds (the phone lost the first reply).
 */
export async function submitThroughLink(connection: Connection, body: unknown, link: LinkTokenPayload): Promise<SubmitOutcome> {
  const slot = await reserveResponseSlot(connection, link.linkId);
  if (slot === undefined) {
    if (await isStoredResend(connection, body)) return submitResponse(connection, body, { kind: 'link', link });
    throw problem('link-capped');
  }
  let outcome: SubmitOutcome;
  try {
    outcome = await submitResponse(connection, body, { kind: 'link', link });
  } catch (error) {
    if (slot) await releaseResponseSlot(connection, slot);
    throw error;
  }
  if (slot && outcome.status !== 201) await releaseResponseSlot(connection, slot);
  return outcome;
}

async function isStoredResend(connection: Connection, body: unknown): Promise<boolean> {
  const id = (body as { id?: unknown } | null)?.id;
  return typeof id === 'string' && Boolean(await modelsOf(connection).Response.exists({ id }));
}
