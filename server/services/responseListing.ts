import type { Connection } from 'mongoose';
import { z } from 'zod';
import { MODES, RESPONSE_STATUSES } from '../../analysis/domain/profile';
import { QUALITY_FLAGS } from '../../analysis/quality/settings';
import { modelsOf } from '../models';
import { REVIEW_STATES, type ReviewState } from '../models/review';
import { dateRangeQuery, inDateOrder, receivedWithin } from './dateRange';
import { qualityAssessment } from './quality';
import { currentVersions } from './responseVersions';
import { reviewStates } from './reviews';

export const listingQuerySchema = inDateOrder(
  z.strictObject({
    instrument: z.string().min(1).optional(),
    instrumentVersion: z.coerce.number({ message: 'expected a version number' }).int().positive().optional(),
    stratum: z.string().min(1).optional(),
    county: z.string().min(1).optional(),
    site: z.string().min(1).optional(),
    interviewer: z.string().min(1).optional(),
    link: z.string().min(1).optional(),
    mode: z.enum(MODES).optional(),
    status: z.enum(RESPONSE_STATUSES).optional(),
    reviewState: z.enum(REVIEW_STATES, { message: `expected one of ${REVIEW_STATES.join(', ')}` }).optional(),
    flag: z.enum(QUALITY_FLAGS, { message: `expected one of ${QUALITY_FLAGS.join(', ')}` }).optional(),
    ...dateRangeQuery,
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(500).default(50),
  }),
);
export type ListingQuery = z.infer<typeof listingQuerySchema>;

/**
 * Responses newest first, a page at a time; `to` includes the whole day. Each row shows its current
 * version (answers, scores, status), its review state and the names of its quality flags. Review states
 * and flags live outside the responses collection, so those two filters become a set of ids.
 */
export async function listResponses(connection: Connection, query: ListingQuery) {
  const { Response } = modelsOf(connection);
  const filter: Record<string, unknown> = {};
  if (query.instrument) filter.instrumentId = query.instrument;
  if (query.instrumentVersion) filter.instrumentVersion = query.instrumentVersion;
  if (query.stratum) filter.stratum = query.stratum;
  if (query.county) filter.countyCode = query.county;
  if (query.site) filter.siteCode = query.site;
  if (query.interviewer) filter.interviewer = query.interviewer;
  if (query.link) filter.linkId = query.link;
  if (query.mode) filter.mode = query.mode;
  if (query.status) filter.status = query.status;
  Object.assign(filter, receivedWithin(query));
  const [states, assessment, current] = await Promise.all([reviewStates(connection), qualityAssessment(connection), currentVersions(connection)]);
  const ids = idsOf(query, states, assessment.flags);
  if (ids) filter._id = ids;
  const [documents, total] = await Promise.all([
    Response.find(filter, { contentHash: 0 })
      .sort({ receivedAt: -1, id: 1 })
      .skip((query.page - 1) * query.pageSize)
      .limit(query.pageSize)
      .lean(),
    Response.countDocuments(filter),
  ]);
  const items = documents.map(({ _id, ...response }) => {
    const id = _id as string;
    const latest = current.get(id);
    return {
      ...response,
      ...(latest ? { status: latest.status, answers: latest.answers, scores: latest.scores } : {}),
      version: latest?.version ?? 1,
      reviewState: states.get(id) ?? 'received',
      flags: (assessment.flags.get(id) ?? []).map((flag) => flag.flag),
    };
  });
  return { items, total, page: query.page, pageSize: query.pageSize };
}

function idsOf(query: ListingQuery, states: Map<string, ReviewState>, flags: Map<string, unknown[]>): { $in: string[] } | { $nin: string[] } | undefined {
  let wanted: Set<string> | undefined;
  if (query.flag) wanted = new Set([...flags].filter(([, list]) => (list as { flag: string }[]).some((flag) => flag.flag === query.flag)).map(([id]) => id));
  if (query.reviewState === 'received') {
    const reviewed = new Set([...states].filter(([, state]) => state !== 'received').map(([id]) => id));
    if (wanted) return { $in: [...wanted].filter((id) => !reviewed.has(id)) };
    return { $nin: [...reviewed] };
  }
  if (query.reviewState) {
    const inState = [...states].filter(([, state]) => state === query.reviewState).map(([id]) => id);
    return { $in: wanted ? inState.filter((id) => wanted.has(id)) : inState };
  }
  return wanted ? { $in: [...wanted] } : undefined;
}
