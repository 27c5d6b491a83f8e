/**
 * Every read and write of the `links` collection (QR links) and of `linkSlots` (the places of capped
 * links), as ODK Central's lib/model/query/: services call these named queries and never the models.
 */
import type { Connection } from 'mongoose';
import { modelsOf } from '../models';
import type { LinkDocument } from '../models/link';

export type { LinkDocument } from '../models/link';

const links = (connection: Connection) => modelsOf(connection).Link;
const linkSlots = (connection: Connection) => modelsOf(connection).LinkSlot;

/** An open link: neither revoked nor expired at `now`. */
const openAt = (now: Date) => ({ revokedAt: null, expiresAt: { $gt: now } });

/** One link by its id. */
export function findStoredLink(connection: Connection, linkId: string): Promise<LinkDocument | null> {
  return links(connection).findOne({ linkId }).lean<LinkDocument>();
}

/** The current token of the link with this short code. */
export async function linkTokenOfShortCode(connection: Connection, shortCode: string): Promise<string | undefined> {
  return (await links(connection).findOne({ shortCode }, { token: 1 }).lean())?.token;
}

/** A link's cap, or null when no link has this id (`maxResponses` null: uncapped). */
export function linkCap(connection: Connection, linkId: string): Promise<Pick<LinkDocument, 'maxResponses'> | null> {
  return links(connection).findOne({ linkId }, { maxResponses: 1 }).lean<Pick<LinkDocument, 'maxResponses'>>();
}

/** Every link of the fieldwork (test links belong to their draft). */
export function fieldworkLinks(connection: Connection): Promise<LinkDocument[]> {
  return links(connection).find({ test: { $ne: true } }).lean<LinkDocument[]>();
}

/** How many fieldwork links are open at `now`. */
export function countOpenLinks(connection: Connection, now: Date): Promise<number> {
  return links(connection).countDocuments({ ...openAt(now), test: { $ne: true } });
}

/** The sites that have an open fieldwork link of this instrument at `now`. */
export async function sitesWithOpenLinks(connection: Connection, instrumentId: string, now: Date): Promise<string[]> {
  return (await links(connection).find({ instrumentId, ...openAt(now), test: { $ne: true } }, { samplingPoint: 1 }).lean()).map((link) => link.samplingPoint);
}

/** A draft's open test link at `now` (at this site, or any). */
export function openTestLink(connection: Connection, instrumentId: string, instrumentVersion: number, now: Date, samplingPoint?: string): Promise<LinkDocument | null> {
  return links(connection).findOne({ instrumentId, instrumentVersion, test: true, ...openAt(now), ...(samplingPoint ? { samplingPoint } : {}) }).lean<LinkDocument>();
}

/** The ids of links issued before short codes existed. */
export async function linkIdsWithoutShortCode(connection: Connection): Promise<string[]> {
  return (await links(connection).find({ shortCode: { $exists: false } }, { linkId: 1 }).lean()).map((link) => link.linkId);
}

export async function insertLink(connection: Connection, link: LinkDocument): Promise<void> {
  await links(connection).create(link);
}

export async function insertLinks(connection: Connection, newLinks: LinkDocument[]): Promise<void> {
  await links(connection).insertMany(newLinks);
}

/** Sets some fields of one link. */
export async function setLinkFields(connection: Connection, linkId: string, fields: Partial<LinkDocument>): Promise<void> {
  await links(connection).updateOne({ linkId }, { $set: fields });
}

/** Revokes a link at `at`, unless it is revoked already (its first revocation time stays). */
export async function revokeStoredLink(connection: Connection, linkId: string, at: Date): Promise<void> {
  await links(connection).updateOne({ linkId, revokedAt: null }, { $set: { revokedAt: at } });
}

/** A draft's test links. */
export async function deleteTestLinks(connection: Connection, instrumentId: string, instrumentVersion: number): Promise<void> {
  await links(connection).deleteMany({ instrumentId, instrumentVersion, test: true });
}

/** How many places of a capped link are taken. */
export function countLinkSlots(connection: Connection, linkId: string): Promise<number> {
  return linkSlots(connection).countDocuments({ linkId });
}

/** A link's taken places and the responses they hold (undefined for places older than `responseId`). */
export function linkSlotsOf(connection: Connection, linkId: string): Promise<{ slot: string; responseId?: string | null }[]> {
  return linkSlots(connection).find({ linkId }, { slot: 1, responseId: 1 }).lean<{ slot: string; responseId?: string | null }[]>();
}

/** Takes a place: one insert with the place as `_id`; a taken place throws the driver's duplicate-key error (11000). */
export async function insertLinkSlot(connection: Connection, slot: string, linkId: string, responseId: string): Promise<void> {
  await linkSlots(connection).collection.insertOne({ _id: slot as never, slot, linkId, responseId });
}

/** Gives a place back. */
export async function deleteLinkSlot(connection: Connection, slot: string): Promise<void> {
  await linkSlots(connection).deleteOne({ _id: slot });
}
