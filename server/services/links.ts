import { randomInt, randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import type { z } from 'zod';
import type { allSitesRequestSchema, extendRequestSchema, LinkRequest, LinkView } from '../../contracts/links';
import { problem } from '../../contracts/problems';
import { instrumentVersionOf } from './instrumentVersions';
import { countLinkSlots, deleteLinkSlot, fieldworkLinks, findStoredLink, insertLink, insertLinks, insertLinkSlot, linkCap, linkIdsWithoutShortCode, linkSlotsOf, revokeStoredLink, setLinkFields, sitesWithOpenLinks, linkTokenOfShortCode, type LinkDocument } from '../queries/links';
import { samplingPointExists, siteCodes } from '../queries/samplingPoints';
import { signLinkToken, verifyLinkToken, type LinkTokenPayload } from './linkTokens';
import type { ServerState } from '../state';
import { TokenError } from './signedTokens';

/** Posters hang for a survey round; an admin may extend or revoke a link sooner. */
export const DEFAULT_LINK_DAYS = 90;
const DAY_MS = 24 * 60 * 60 * 1000;

export function linkUrl(baseUrl: string, tokenOrShortCode: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/s/${tokenOrShortCode}`;
}

const SHORT_CODE_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** 11 base-62 symbols: 65 bits, so codes cannot be guessed; `/s/` + 11 = a 14-character path. */
const SHORT_CODE_LENGTH = 11;

export function newShortCode(): string {
  return Array.from({ length: SHORT_CODE_LENGTH }, () => SHORT_CODE_ALPHABET[randomInt(SHORT_CODE_ALPHABET.length)]).join('');
}

/** A signed token always has a dot; a short code never does. */
const isShortCode = (value: string) => /^[0-9A-Za-z]{11}$/.test(value);

/**
 * Links issued before short codes existed get one at start, before the unique index is built (a unique
 * index over a field many documents lack would refuse to build).
 */
export async function assignMissingShortCodes(connection: Connection): Promise<void> {
  for (const linkId of await linkIdsWithoutShortCode(connection)) await setLinkFields(connection, linkId, { shortCode: newShortCode() });
}

/** `test`: a draft's test link (test data, kept apart); otherwise a link for a published version. */
export async function createLink(connection: Connection, secret: string, request: LinkRequest, createdBy: string, now = new Date(), { test = false } = {}): Promise<LinkDocument> {
  const link = await newLink(connection, secret, request, createdBy, now, test);
  await insertLink(connection, link);
  return link;
}

/**
 * One link per sampling point in the frame, all with the same instrument, expiry and cap. A site that
 * already has an open link of this instrument is skipped (listed in `skipped`) unless `duplicate` is set,
 * so issuing again after adding sites to the frame adds only theirs.
 */
export async function createLinksForAllSites(connection: Connection, secret: string, request: z.infer<typeof allSitesRequestSchema>, createdBy: string, now = new Date()): Promise<{ links: LinkDocument[]; skipped: string[] }> {
  const sites = await siteCodes(connection);
  if (sites.length === 0) throw problem('no-sampling-points');
  const { duplicate, ...linkRequest } = request;
  const open = new Set(duplicate ? [] : await sitesWithOpenLinks(connection, request.instrumentId, now));
  const links = [];
  const skipped = [];
  for (const site of sites) {
    if (open.has(site)) skipped.push(site);
    else links.push(await newLink(connection, secret, { ...linkRequest, samplingPoint: site }, createdBy, now));
  }
  if (links.length > 0) await insertLinks(connection, links);
  return { links, skipped: skipped.sort() };
}

async function newLink(connection: Connection, secret: string, request: LinkRequest, createdBy: string, now: Date, test = false): Promise<LinkDocument> {
  const instrument = instrumentVersionOf(request.instrumentId, request.instrumentVersion);
  if (!instrument || instrument.state !== (test ? 'draft' : 'published')) throw problem('unknown-instrument', { id: request.instrumentId, version: request.instrumentVersion }, [{ path: 'instrumentId', message: 'unknown instrument' }]);
  if (!(await samplingPointExists(connection, request.samplingPoint))) {
    throw problem('unknown-sampling-point', [{ path: 'samplingPoint', message: 'unknown site code' }]);
  }
  const expiresAt = request.expiresAt ?? new Date(now.getTime() + DEFAULT_LINK_DAYS * DAY_MS);
  if (expiresAt <= now) throw problem('invalid-body', [{ path: 'expiresAt', message: 'expected a future date-time' }]);
  const linkId = randomUUID();
  const payload: LinkTokenPayload = {
    linkId,
    instrumentId: instrument.id,
    instrumentVersion: instrument.version,
    samplingPoint: request.samplingPoint,
    mode: 'cawi',
    exp: Math.floor(expiresAt.getTime() / 1000),
    ...(request.maxResponses ? { maxResponses: request.maxResponses } : {}),
    ...(test ? { test: true as const } : {}),
  };
  return {
    linkId,
    token: signLinkToken(payload, secret),
    shortCode: newShortCode(),
    samplingPoint: request.samplingPoint,
    instrumentId: instrument.id,
    instrumentVersion: instrument.version,
    expiresAt,
    maxResponses: request.maxResponses ?? null,
    revokedAt: null,
    createdBy,
    test,
  } as LinkDocument;
}

export async function listLinks(connection: Connection): Promise<LinkDocument[]> {
  // Test links belong to their draft (the questionnaires tab), not to the fieldwork.
  const links = await fieldworkLinks(connection);
  return links.sort((a, b) => a.samplingPoint.localeCompare(b.samplingPoint) || a.expiresAt.getTime() - b.expiresAt.getTime());
}

export async function findLink(connection: Connection, linkId: string): Promise<LinkDocument> {
  const link = await findStoredLink(connection, linkId);
  if (!link) throw problem('unknown-link', { linkId });
  return link;
}

export async function revokeLink(connection: Connection, linkId: string, now = new Date()): Promise<LinkDocument> {
  await findLink(connection, linkId);
  await revokeStoredLink(connection, linkId, now);
  return findLink(connection, linkId);
}

/**
 * A later expiry or another cap needs a new token (both are signed into it). The short code stays, so a
 * printed poster keeps working with the new terms; the old token keeps working until its own expiry.
 */
export async function extendLink(connection: Connection, secret: string, linkId: string, request: z.infer<typeof extendRequestSchema>, now = new Date()): Promise<LinkDocument> {
  const link = await findLink(connection, linkId);
  if (link.revokedAt) throw problem('revoked-link-not-extendable');
  const expiresAt = request.expiresAt ?? link.expiresAt;
  if (expiresAt <= now) throw problem('invalid-body', [{ path: 'expiresAt', message: 'expected a future date-time' }]);
  const maxResponses = request.maxResponses === undefined ? (link.maxResponses ?? undefined) : (request.maxResponses ?? undefined);
  const token = signLinkToken(
    {
      linkId,
      instrumentId: link.instrumentId,
      instrumentVersion: link.instrumentVersion,
      samplingPoint: link.samplingPoint,
      mode: 'cawi',
      exp: Math.floor(expiresAt.getTime() / 1000),
      ...(maxResponses ? { maxResponses } : {}),
    },
    secret,
  );
  await setLinkFields(connection, linkId, { token, expiresAt, maxResponses: maxResponses ?? null });
  return findLink(connection, linkId);
}

/**
 * The link behind a token that may still take a response; a problem (link-invalid, link-expired, link-revoked,
 * link-capped) otherwise. The signature proves where the token came from; the document says whether it is open.
 * Intake skips the cap check here: it reserves a place itself and lets a resend of a stored response through.
 */
export async function openLinkOf(state: ServerState, secret: string, tokenOrShortCode: string, options: { checkCap: boolean } = { checkCap: true }, now = new Date()): Promise<{ payload: LinkTokenPayload; link: LinkDocument }> {
  const token = isShortCode(tokenOrShortCode) ? await tokenOfShortCode(state, tokenOrShortCode) : tokenOrShortCode;
  let payload: LinkTokenPayload;
  try {
    payload = verifyLinkToken(token, secret, now);
  } catch (error) {
    if (error instanceof TokenError) throw problem(error.problem === 'expired' ? 'link-expired' : 'link-invalid');
    throw error;
  }
  const link = await findStoredLink(state.connection, payload.linkId);
  if (!link) throw problem('link-invalid');
  if (link.revokedAt) throw problem('link-revoked');
  if (link.expiresAt <= now) throw problem('link-expired');
  if (options.checkCap && isCapped(link) && (await isFull(state, { linkId: link.linkId, maxResponses: link.maxResponses }))) throw problem('link-capped');
  return { payload, link };
}

/** A short code stands for its link's current token, so it is checked exactly as the token is. */
async function tokenOfShortCode(state: ServerState, shortCode: string): Promise<string> {
  const token = await linkTokenOfShortCode(state.connection, shortCode);
  if (token === undefined) throw problem('link-invalid');
  return token;
}

function isCapped(link: Pick<LinkDocument, 'maxResponses'>): link is { maxResponses: number } {
  return typeof link.maxResponses === 'number';
}

/**
 * What this server knows of capped links' places (ServerState): about how many each has taken (where to look for a
 * free one; counted once per link, then kept up to date by this process's takes and returns) and until
 * when it is known to be full. Only hints: the unique `_id` of each place decides.
 */
export interface PlaceHints {
  taken: Map<string, Promise<{ count: number }>>;
  /** Links found full: until when, and the responses their places hold (undefined when a place predates `responseId`). */
  full: Map<string, { until: number; holds?: Set<string> }>;
}
/** A full link is looked at again after this long (a place given back by another server process). */
const FULL_RECHECK_MS = 10_000;
/** Places tried from the hint before looking at which are taken. */
const PROBES = 4;

export const emptyPlaceHints = (): PlaceHints => ({ taken: new Map(), full: new Map() });

function takenHintOf(state: ServerState, linkId: string): Promise<{ count: number }> {
  const { taken } = state.placeHints;
  let hint = taken.get(linkId);
  if (!hint) {
    hint = countLinkSlots(state.connection, linkId).then((count) => ({ count }));
    hint.catch(() => taken.delete(linkId));
    taken.set(linkId, hint);
  }
  return hint;
}

function knownFull(state: ServerState, linkId: string): { until: number; holds?: Set<string> } | undefined {
  const full = state.placeHints.full.get(linkId);
  return full && full.until > Date.now() ? full : undefined;
}

/**
 * Whether a link this process found full a moment ago holds the response `id`: 'no' lets a new
 * submission be refused without any query; 'unknown' when older places do not say what they hold.
 */
export function fullLinkHolds(state: ServerState, linkId: string, id: string | undefined): 'not full' | 'yes' | 'no' | 'unknown' {
  const full = knownFull(state, linkId);
  if (!full) return 'not full';
  if (!full.holds) return 'unknown';
  return id !== undefined && full.holds.has(id) ? 'yes' : 'no';
}

const placeId = (linkId: string, index: number) => `${linkId}#${index}`;

/**
 * Takes one of a capped link's places before a response is stored: one insert of `<linkId>#<n>` (n below
 * the cap) as `_id`, the unique key deciding between concurrent phones, so no more than the cap can ever
 * be stored. A few tries from where the hint points usually win at once; otherwise the taken places are
 * read (one query) and the free ones tried. The place's id, or undefined when the link is full; null for
 * an uncapped link (nothing to reserve).
 */
export async function reserveResponseSlot(state: ServerState, linkId: string, responseId: string): Promise<string | null | undefined> {
  const link = await linkCap(state.connection, linkId);
  if (!link || !isCapped(link)) return null;
  if (knownFull(state, linkId)) return undefined;
  const cap = link.maxResponses;
  const taken = await takenHintOf(state, linkId);
  const take = async (index: number): Promise<string | undefined> => {
    const slot = placeId(linkId, index);
    try {
      await insertLinkSlot(state.connection, slot, linkId, responseId);
    } catch (error) {
      if ((error as { code?: number }).code === 11000) return undefined;
      throw error;
    }
    taken.count += 1;
    return slot;
  };
  for (let probe = 0; probe < Math.min(PROBES, cap); probe += 1) {
    const slot = await take((taken.count + probe) % cap);
    if (slot) return slot;
  }
  const places = await linkSlotsOf(state.connection, linkId);
  const takenIds = new Set(places.map((place) => place.slot));
  taken.count = takenIds.size;
  for (let index = 0; index < cap; index += 1) {
    const slot = takenIds.has(placeId(linkId, index)) ? undefined : await take(index);
    if (slot) return slot;
  }
  const holds = places.every((place) => place.responseId) ? new Set(places.map((place) => place.responseId!)) : undefined;
  state.placeHints.full.set(linkId, { until: Date.now() + FULL_RECHECK_MS, holds });
  return undefined;
}

/** Gives a reserved place back when nothing new was stored (invalid answers, a duplicate, a failure). */
export async function releaseResponseSlot(state: ServerState, linkId: string, slot: string): Promise<void> {
  await deleteLinkSlot(state.connection, slot);
  const hints = state.placeHints;
  hints.full.delete(linkId);
  const taken = await hints.taken.get(linkId);
  if (taken) taken.count = Math.max(0, taken.count - 1);
}

/** Whether a capped link has no place left, as far as this process knows. */
async function isFull(state: ServerState, link: { linkId: string; maxResponses: number }): Promise<boolean> {
  return knownFull(state, link.linkId) !== undefined || (await takenHintOf(state, link.linkId)).count >= link.maxResponses;
}

export function linkView(link: LinkDocument, baseUrl: string, responseCount = 0): LinkView {
  return {
    id: link.linkId,
    token: link.token,
    url: linkUrl(baseUrl, link.token),
    shortCode: link.shortCode,
    shortUrl: linkUrl(baseUrl, link.shortCode),
    samplingPoint: link.samplingPoint,
    instrumentId: link.instrumentId,
    instrumentVersion: link.instrumentVersion,
    expiresAt: link.expiresAt.toISOString(),
    maxResponses: link.maxResponses ?? null,
    responseCount,
    revoked: Boolean(link.revokedAt),
  };
}
