/**
 * The replication kit (GET /api/exports/replication.zip): the data file with its design columns and
 * weights, an R script and a Stata do-file that rebuild the design from it, the platform's own estimates
 * of the same indicators to compare with, and a README in Chinese. Streamed: the data file goes into the
 * zip as it is read from the database, never whole in memory.
 */
import { PassThrough, type Writable } from 'node:stream';
import archiver from 'archiver';
import { csvLine, UTF8_BOM } from '../../../analysis/exports/csv';
import { REPLICATED_INDICATORS, replicationR, replicationReadme, replicationStata } from '../../../analysis/exports/replication';
import type { LonelyPsu } from '../../../analysis/stats/design';
import { dataFileWeights, estimateIndicators, type Filters } from '../estimates';
import { writeResponseCsv, type ResponseDataQuery } from './responseData';
import type { ServerState } from '../../state';

export interface ReplicationKitQuery extends Omit<ResponseDataQuery, 'weights'> {
  instrumentVersion: number;
  weighting: string;
  lonelyPsu: LonelyPsu;
}

/** Everything that can fail with a clear 4xx happens here, before the first byte of the download. */
export async function prepareReplicationKit(state: ServerState, query: ReplicationKitQuery): Promise<(output: Writable) => Promise<void>> {
  const filters: Filters = { instrumentId: query.instrumentId, instrumentVersion: query.instrumentVersion, from: query.from, to: query.to, includeRejected: query.includeRejected };
  const weights = await dataFileWeights(state, filters, query.weighting);
  const estimates = await estimateIndicators(state, { by: ['region'], filters, weighting: query.weighting, lonelyPsu: query.lonelyPsu });
  const indicators = REPLICATED_INDICATORS.map((item) => item.indicator);
  const search = new URLSearchParams({
    indicator: indicators.join(','),
    by: 'region',
    instrument: query.instrumentId,
    instrumentVersion: String(query.instrumentVersion),
    weighting: query.weighting,
    lonelyPsu: query.lonelyPsu,
    ...(query.from ? { from: query.from } : {}),
    ...(query.to ? { to: query.to } : {}),
    ...(query.includeRejected ? { includeRejected: 'true' } : {}),
  });
  const options = {
    weightColumn: weights.final ? ('final_weight' as const) : ('base_weight' as const),
    lonelyPsu: query.lonelyPsu,
    estimatesRequest: `GET /api/estimates?${search.toString().replace(/%2C/g, ',')}`,
    schemeName: estimates.scheme?.scheme.name,
  };
  const platformRows = estimates.estimates
    .filter((row) => indicators.includes(row.indicator as (typeof indicators)[number]) && (row.domain === null || 'region' in row.domain))
    .map((row) => csvLine([row.indicator, row.domain?.region ?? '', row.estimate, row.se, row.ciLow, row.ciHigh, row.n, row.df]));
  return async (output) => {
    const archive = archiver('zip', { zlib: { level: 6 } });
    const failed = new Promise<never>((_, reject) => archive.once('error', reject));
    failed.catch(() => undefined);
    const ended = new Promise<void>((resolve) => archive.once('end', resolve));
    archive.pipe(output, { end: false });
    const data = new PassThrough();
    archive.append(data, { name: 'responses.csv' });
    await Promise.race([writeResponseCsv(state, { ...query, weights }, data), failed]);
    data.end();
    archive.append(replicationR(options), { name: 'replicate.R' });
    archive.append(replicationStata(options), { name: 'replicate.do' });
    archive.append(UTF8_BOM + csvLine(['indicator', 'region', 'estimate', 'se', 'ci_low', 'ci_high', 'n', 'df']) + platformRows.join(''), { name: 'platform-estimates.csv' });
    archive.append(replicationReadme(options), { name: 'README.txt' });
    await Promise.race([archive.finalize(), failed]);
    await Promise.race([ended, failed]);
  };
}
