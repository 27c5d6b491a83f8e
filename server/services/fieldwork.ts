import { median } from 'simple-statistics';
import { MODES, RESPONSE_STATUSES } from '../../analysis/domain/profile';
import type { FieldworkQuery, FieldworkReport, PlannedProgress, StatusCounts } from '../../contracts/fieldwork';
import { noCounts } from '../../analysis/indicators/analysisRows';
import { DEFAULT_INSTRUMENT } from '../../surveys/catalog';
import { samplingFrameOf } from './samplingFrame';
import type { ServerState } from '../state';

interface Tally {
  counts: StatusCounts;
  durations: number[];
}

const tallyOf = (tallies: Map<string, Tally>, key: string): Tally => {
  let tally = tallies.get(key);
  if (!tally) tallies.set(key, (tally = { counts: noCounts(), durations: [] }));
  return tally;
};

const medianOf = (values: number[]): number | null => (values.length > 0 ? median(values) : null);

/**
 * Fieldwork against plan from one pass over the in-memory analysis rows (every stored response, in its
 * current version): per site, county, day, mode and interviewer. Memory grows with the number of sites,
 * days and interviewers, plus one number per complete interview for the median length.
 */
export async function fieldworkReport(state: ServerState, query: FieldworkQuery): Promise<FieldworkReport> {
  const [frame, rows] = await Promise.all([samplingFrameOf(state), state.analysis.ready()]);
  const points = frame.map(({ siteCode, siteName, stratum, countyCode, provinceCode, region, plannedInterviews }) => ({ siteCode, siteName, stratum, countyCode, provinceCode, region, plannedInterviews }));
  const bySite = new Map<string, Tally>();
  const byDay = new Map<string, Tally>();
  const byMode = new Map<string, Tally>();
  const byInterviewer = new Map<string, Tally & { sites: Set<string> }>();
  const all: Tally = { counts: noCounts(), durations: [] };
  for (const response of rows.interviews(query.instrument ?? DEFAULT_INSTRUMENT)) {
    const tallies = [all, tallyOf(bySite, response.site), tallyOf(byDay, new Date(response.receivedAt).toISOString().slice(0, 10))];
    if (response.mode) tallies.push(tallyOf(byMode, response.mode));
    if (response.interviewer) {
      let tally = byInterviewer.get(response.interviewer);
      if (!tally) byInterviewer.set(response.interviewer, (tally = { counts: noCounts(), durations: [], sites: new Set() }));
      tally.sites.add(response.site);
      tallies.push(tally);
    }
    const duration = response.durationSeconds;
    for (const tally of tallies) {
      tally.counts[response.status] += 1;
      if (response.status === 'complete' && duration !== null) tally.durations.push(duration);
    }
  }
  const progress = (planned: number, counts: StatusCounts): PlannedProgress => ({ planned, counts, behindPlan: counts.complete < query.expectedShare * planned });
  const sites = points
    .map((point) => {
      const tally = bySite.get(point.siteCode) ?? { counts: noCounts(), durations: [] };
      const { plannedInterviews, ...site } = point;
      return { ...site, ...progress(plannedInterviews, tally.counts), medianDurationSeconds: medianOf(tally.durations) };
    })
    .sort((a, b) => a.siteCode.localeCompare(b.siteCode));
  return {
    expectedShare: query.expectedShare,
    totals: { ...progress(sum(sites.map((site) => site.planned)), all.counts), medianDurationSeconds: medianOf(all.durations) },
    sites,
    counties: countiesOf(sites, progress),
    days: [...byDay].sort(([a], [b]) => a.localeCompare(b)).map(([date, tally]) => ({ date, counts: tally.counts })),
    modes: MODES.map((mode) => ({ mode, counts: byMode.get(mode)?.counts ?? noCounts(), medianDurationSeconds: medianOf(byMode.get(mode)?.durations ?? []) })),
    interviewers: [...byInterviewer].sort(([a], [b]) => a.localeCompare(b)).map(([interviewer, tally]) => ({ interviewer, counts: tally.counts, sites: tally.sites.size })),
  };
}

const sum = (values: number[]): number => values.reduce((total, value) => total + value, 0);

function countiesOf(sites: FieldworkReport['sites'], progress: (planned: number, counts: StatusCounts) => PlannedProgress): FieldworkReport['counties'] {
  const groups = new Map<string, FieldworkReport['sites']>();
  for (const site of sites) groups.set(site.stratum, [...(groups.get(site.stratum) ?? []), site]);
  return [...groups].map(([stratum, members]) => {
    const counts = noCounts();
    for (const site of members) for (const status of RESPONSE_STATUSES) counts[status] += site.counts[status];
    const first = members[0]!;
    return {
      stratum,
      countyCode: first.countyCode,
      provinceCode: first.provinceCode,
      region: first.region,
      ...progress(sum(members.map((site) => site.planned)), counts),
      sites: members.length,
      sitesBehindPlan: members.filter((site) => site.behindPlan).length,
    };
  });
}
