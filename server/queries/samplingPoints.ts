/**
 * Every read and write of the `samplingPoints` collection (the sampling frame), as ODK Central's
 * lib/model/query/: services call these named queries and never the model.
 */
import type { Connection } from 'mongoose';
import { modelsOf } from '../models';
import type { SamplingPointDocument } from '../models/samplingPoint';

export type { SamplingPointDocument } from '../models/samplingPoint';

/** A site's fields as the frame file gives them (the timestamps are the database's). */
export type SiteFields = Omit<SamplingPointDocument, 'createdAt' | 'updatedAt'>;

const samplingPoints = (connection: Connection) => modelsOf(connection).SamplingPoint;

/** Every sampling point, whole, in stored order. */
export function allSamplingPoints(connection: Connection): Promise<SamplingPointDocument[]> {
  return samplingPoints(connection).find({}).lean<SamplingPointDocument[]>();
}

/** The stored sampling points with these site codes; codes not in the frame are left out. */
export function samplingPointsWithCodes(connection: Connection, siteCodes: string[]): Promise<SamplingPointDocument[]> {
  return samplingPoints(connection).find({ siteCode: { $in: siteCodes } }).lean<SamplingPointDocument[]>();
}

/** One sampling point by its site code. */
export async function findSamplingPoint(connection: Connection, siteCode: string): Promise<SamplingPointDocument | undefined> {
  return (await samplingPoints(connection).findOne({ siteCode }).lean<SamplingPointDocument>()) ?? undefined;
}

/** Every site code of the frame, in stored order. */
export async function siteCodes(connection: Connection): Promise<string[]> {
  return (await samplingPoints(connection).find({}, { siteCode: 1 }).lean()).map((site) => site.siteCode);
}

/** Which of these site codes are in the frame. */
export async function knownSiteCodes(connection: Connection, codes: string[]): Promise<Set<string>> {
  return new Set((await samplingPoints(connection).find({ siteCode: { $in: codes } }, { siteCode: 1 }).lean()).map((site) => site.siteCode));
}

/** Whether a site code is in the frame. */
export async function samplingPointExists(connection: Connection, siteCode: string): Promise<boolean> {
  return Boolean(await samplingPoints(connection).exists({ siteCode }));
}

/** The first site code of the frame in stored order, if there is any site. */
export async function firstSiteCode(connection: Connection): Promise<string | undefined> {
  return (await samplingPoints(connection).findOne({}, { siteCode: 1 }).lean())?.siteCode;
}

/** What a poster prints of a site: its name and place. */
export type PosterSite = Pick<SamplingPointDocument, 'siteCode' | 'siteName' | 'provinceCode' | 'cityCode' | 'countyCode' | 'countyName'>;

/** Every site's name and place, for posters. */
export function posterSites(connection: Connection): Promise<PosterSite[]> {
  return samplingPoints(connection).find({}, { siteCode: 1, siteName: 1, provinceCode: 1, cityCode: 1, countyCode: 1, countyName: 1 }).lean<PosterSite[]>();
}

/** New sites, inserted in order (a failure stops at the first bad one). */
export async function insertSamplingPoints(connection: Connection, sites: SiteFields[]): Promise<void> {
  await samplingPoints(connection).insertMany(sites, { ordered: true });
}

/** A changed site's fields, by its site code. */
export async function updateSamplingPoint(connection: Connection, site: SiteFields): Promise<void> {
  await samplingPoints(connection).updateOne({ siteCode: site.siteCode }, { $set: site });
}
