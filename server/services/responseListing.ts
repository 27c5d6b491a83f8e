import type { Connection } from 'mongoose';
import { z } from 'zod';
import { MODES, RESPONSE_STATUSES } from '../../analysis/domain/profile';
import { modelsOf } from '../models';
import { dateRangeQuery, inDateOrder, receivedWithin } from './dateRange';

export const listingQuerySchema = inDateOrder(
  z.strictObject({
    instrument: z.string().min(1).optional(),
    stratum: z.string().min(1).optional(),
    site: z.string().min(1).optional(),
    mode: z.enum(MODES).optional(),
    status: z.enum(RESPONSE_STATUSES).optional(),
    ...dateRangeQuery,
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(500).default(50),
  }),
);
export type ListingQuery = z.infer<typeof listingQuerySchema>;

/** Responses newest first, a page at a time; `to` includes the whole day. Internals (content hash) stay in. */
export async function listResponses(connection: Connection, query: ListingQuery) {
  const { Response } = modelsOf(connection);
  const filter: Record<string, unknown> = {};
  if (query.instrument) filter.instrumentId = query.instrument;
  if (query.stratum) filter.stratum = query.stratum;
  if (query.site) filter.siteCode = query.site;
  if (query.mode) filter.mode = query.mode;
  if (query.status) filter.status = query.status;
  Object.assign(filter, receivedWithin(query));
  const [items, total] = await Promise.all([
    Response.find(filter, { _id: 0, contentHash: 0 })
      .sort({ receivedAt: -1, id: 1 })
      .skip((query.page - 1) * query.pageSize)
      .limit(query.pageSize)
      .lean(),
    Response.countDocuments(filter),
  ]);
  return { items, total, page: query.page, pageSize: query.pageSize };
}
