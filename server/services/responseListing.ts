import { csvLine, UTF8_BOM } from '../../analysis/exports/csv';
import { RESPONSE_STATUS_LABELS, type ResponseStatus } from '../../analysis/domain/profile';
import { QUALITY_FLAG_LABELS, type QualityFlagName } from '../../analysis/quality/settings';
import { findResponses, listingFields } from '../queries/responses';
import { REVIEW_STATE_LABELS, type Listing, type ListingQuery, type ReviewState } from '../../contracts/review';
import type { Encodable } from '../../contracts/json';
import { receivedWithin } from './dateRange';
import { currentVersions, type CurrentContent } from './responseVersions';
import { reviewStates } from './reviews';
import type { ServerState } from '../state';

/** The filters counted per value (`counts` of the listing): each counted over the rows the other filters keep. */
const FACETS = ['reviewState', 'flag', 'status', 'mode'] as const;
type Facet = (typeof FACETS)[number];

/** What the listing knows of one response before paging: enough for the facets and the CSV. */
interface ListedRow {
  id: string;
  receivedAt: Date;
  siteCode: string;
  countyCode?: string;
  interviewer: string | null;
  linkId: string | null;
  instrumentId: string;
  instrumentVersion: number;
  durationSeconds: number | null;
  version: number;
  values: { reviewState: ReviewState; status: string; mode: string; flag: QualityFlagName[] };
}

/**
 * Every response the query's stored-field filters keep, with its current status (of its latest version),
 * review state and flag names: review states and flags live outside the responses collection, so the
 * filters on them, on status and on mode are applied here, as are the counts per value of each.
 */
async function listedRows(state: ServerState, query: ListingQuery, current: Map<string, CurrentContent>): Promise<ListedRow[]> {
  const filter: Record<string, unknown> = {};
  if (query.instrument) filter.instrumentId = query.instrument;
  if (query.instrumentVersion) filter.instrumentVersion = query.instrumentVersion;
  if (query.stratum) filter.stratum = query.stratum;
  if (query.county) filter.countyCode = query.county;
  if (query.site) filter.siteCode = query.site;
  if (query.interviewer) filter.interviewer = query.interviewer;
  if (query.link) filter.linkId = query.link;
  Object.assign(filter, receivedWithin(query));
  const [documents, states, assessment] = await Promise.all([listingFields(state.connection, filter), reviewStates(state.connection), state.quality.assessment()]);
  return documents.map((document) => {
    const id = document._id;
    const latest = current.get(id);
    const paradata = (latest?.paradata ?? document.paradata ?? {}) as { durationSeconds?: unknown };
    return {
      id,
      receivedAt: document.receivedAt,
      siteCode: document.siteCode,
      countyCode: document.countyCode,
      interviewer: document.interviewer ?? null,
      linkId: document.linkId ?? null,
      instrumentId: document.instrumentId,
      instrumentVersion: document.instrumentVersion,
      durationSeconds: typeof paradata.durationSeconds === 'number' ? paradata.durationSeconds : null,
      version: latest?.version ?? 1,
      values: {
        reviewState: states.get(id) ?? 'received',
        status: latest?.status ?? document.status,
        mode: document.mode,
        flag: (assessment.flags.get(id) ?? []).map((flag) => flag.flag),
      },
    };
  });
}

const keeps = (row: ListedRow, query: ListingQuery, facet: Facet): boolean => {
  const wanted = query[facet];
  if (!wanted) return true;
  const value = row.values[facet];
  return Array.isArray(value) ? (value as readonly string[]).includes(wanted) : value === wanted;
};

/** Per filter, how many rows each of its values would give with every other filter as it is. */
function countsOf(rows: ListedRow[], query: ListingQuery): Record<Facet, Record<string, number>> {
  const counts = Object.fromEntries(FACETS.map((facet) => [facet, {} as Record<string, number>])) as Record<Facet, Record<string, number>>;
  for (const row of rows) {
    for (const facet of FACETS) {
      if (!FACETS.every((other) => other === facet || keeps(row, query, other))) continue;
      const value = row.values[facet];
      for (const key of Array.isArray(value) ? value : [value]) counts[facet][key] = (counts[facet][key] ?? 0) + 1;
    }
  }
  return counts;
}

/** The rows every filter keeps, newest first. */
async function filteredRows(state: ServerState, query: ListingQuery) {
  const current = await currentVersions(state.connection);
  const rows = await listedRows(state, query, current);
  const kept = rows.filter((row) => FACETS.every((facet) => keeps(row, query, facet)));
  kept.sort((a, b) => b.receivedAt.getTime() - a.receivedAt.getTime() || a.id.localeCompare(b.id));
  return { rows, kept, current };
}

/**
 * Responses newest first, a page at a time; `to` includes the whole day. Each row shows its current
 * version (answers, scores, status), its review state and the names of its quality flags; `counts` says
 * how many responses each value of the review-state, flag, status and mode filters would list.
 */
export async function listResponses(state: ServerState, query: ListingQuery): Promise<Encodable<Listing>> {
  const { rows, kept, current } = await filteredRows(state, query);
  const page = kept.slice((query.page - 1) * query.pageSize, query.page * query.pageSize);
  const documents = await findResponses(state.connection, { _id: { $in: page.map((row) => row.id) } });
  const byId = new Map(documents.map((document) => [document._id, document]));
  const items = page.flatMap((row) => {
    const stored = byId.get(row.id);
    if (!stored) return [];
    const { _id, ...response } = stored;
    const latest = current.get(row.id);
    return [{ ...response, ...(latest ? { status: latest.status, answers: latest.answers, scores: latest.scores } : {}), version: row.version, reviewState: row.values.reviewState, flags: row.values.flag }];
  });
  return { items, total: kept.length, page: query.page, pageSize: query.pageSize, counts: countsOf(rows, query) };
}


const LISTING_COLUMNS: { name: string; read: (row: ListedRow) => unknown }[] = [
  { name: '编号 id', read: (row) => row.id },
  { name: '调查点 site', read: (row) => row.siteCode },
  { name: '县区 county', read: (row) => row.countyCode },
  { name: '访员 interviewer', read: (row) => row.interviewer },
  { name: '二维码链接 link', read: (row) => row.linkId },
  { name: '方式 mode', read: (row) => row.values.mode },
  { name: '收到时间 received', read: (row) => row.receivedAt },
  { name: '时长（分钟）duration_minutes', read: (row) => (row.durationSeconds === null ? '' : (row.durationSeconds / 60).toFixed(1)) },
  { name: '状态 status', read: (row) => RESPONSE_STATUS_LABELS[row.values.status as ResponseStatus]?.['zh-cn'] ?? row.values.status },
  { name: '审核状态 review_state', read: (row) => REVIEW_STATE_LABELS[row.values.reviewState]['zh-cn'] },
  { name: '质量标记 flags', read: (row) => row.values.flag.map((flag) => QUALITY_FLAG_LABELS[flag as keyof typeof QUALITY_FLAG_LABELS]['zh-cn']).join('；') },
  { name: '问卷 instrument', read: (row) => `${row.instrumentId} v${row.instrumentVersion}` },
  { name: '版本 version', read: (row) => row.version },
];

/** The filtered list (every page) as CSV for Excel: a UTF-8 byte-order mark, Chinese names of states and flags. */
export async function listingCsv(state: ServerState, query: ListingQuery): Promise<string> {
  const { kept } = await filteredRows(state, query);
  return UTF8_BOM + csvLine(LISTING_COLUMNS.map((column) => column.name)) + kept.map((row) => csvLine(LISTING_COLUMNS.map((column) => column.read(row)))).join('');
}
