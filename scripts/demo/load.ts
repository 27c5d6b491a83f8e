import { createHash } from 'node:crypto';
import type { Mode } from '../../analysis/domain/profile';
import { storedIds } from '../../server/queries/responses';
import { submitResponse, type Submitter } from '../../server/services/responses';
import { importSamplingFrame, FRAME_COLUMNS } from '../../server/services/samplingFrame';
import { createUser, findUser } from '../../server/services/users';
import { createRandom } from '../synthetic/random';
import { generateRespondent } from '../synthetic';
import type { ServerState } from '../../server/state';

const INSTRUMENT = { id: 'migrant-health', version: 1 } as const;

interface DemoCounty {
  provinceCode: string;
  cityCode: string;
  countyCode: string;
  name: string;
  /** Site-code prefix. */
  prefix: string;
}

/** One province per region: Guangdong (East), Henan (Central), Yunnan (West); two districts each. */
const COUNTIES: readonly DemoCounty[] = [
  { provinceCode: '44', cityCode: '4401', countyCode: '440106', name: '广州市天河区', prefix: 'GZ-TH' },
  { provinceCode: '44', cityCode: '4401', countyCode: '440111', name: '广州市白云区', prefix: 'GZ-BY' },
  { provinceCode: '41', cityCode: '4101', countyCode: '410105', name: '郑州市金水区', prefix: 'ZZ-JS' },
  { provinceCode: '41', cityCode: '4101', countyCode: '410102', name: '郑州市中原区', prefix: 'ZZ-ZY' },
  { provinceCode: '53', cityCode: '5301', countyCode: '530102', name: '昆明市五华区', prefix: 'KM-WH' },
  { provinceCode: '53', cityCode: '5301', countyCode: '530111', name: '昆明市官渡区', prefix: 'KM-GD' },
];

const SITE_KINDS = [
  { type: 'community', name: '社区' },
  { type: 'enterprise', name: '工业园' },
  { type: 'market', name: '农贸市场' },
  { type: 'construction-site', name: '建筑工地' },
  { type: 'health-house', name: '流动人口健康小屋' },
  { type: 'community', name: '城中村' },
] as const;

export interface DemoSite {
  siteCode: string;
  county: DemoCounty;
  siteName: string;
  siteType: string;
  migrantPopulation: number;
  selectionProbability: number;
  plannedInterviews: number;
  /** Interviews the demo makes there: most sites reach their plan, a few lag behind. */
  interviews: number;
  interviewer: string;
}

export interface DemoPlan {
  seed: string;
  sites: DemoSite[];
  /** First fieldwork day (UTC); the interviews spread over `fieldworkDays`. */
  fieldworkStart: Date;
  fieldworkDays: number;
  /** Share of interviews self-completed through a QR link. */
  cawiShare: number;
  analyst: { username: string; password: string };
  interviewerPassword: string;
}

/** The demo evaluation: 36 sites, about 2,000 interviews over three weeks of May 2026; `scale` shrinks it for tests. */
export function buildDemo(options: { seed?: string; scale?: number } = {}): DemoPlan {
  const seed = options.seed ?? 'migrant-health-demo';
  const scale = options.scale ?? 1;
  const random = createRandom(`${seed}/frame`);
  const sites = COUNTIES.flatMap((county, countyIndex) =>
    SITE_KINDS.map((kind, index) => {
      const plannedInterviews = Math.max(2, Math.round(60 * scale));
      const behind = random.chance(0.2);
      return {
        siteCode: `${county.prefix}-${String(index + 1).padStart(2, '0')}`,
        county,
        siteName: `${county.name}${kind.name}${index + 1}`,
        siteType: kind.type,
        migrantPopulation: random.integer(400, 6000),
        selectionProbability: Number((0.1 + 0.5 * random.next()).toFixed(3)),
        plannedInterviews,
        interviews: Math.max(1, Math.round(plannedInterviews * (behind ? 0.45 + 0.3 * random.next() : 0.9 + 0.15 * random.next()))),
        interviewer: `demo-int-${countyIndex + 1}${index < 3 ? 'a' : 'b'}`,
      };
    }),
  );
  return {
    seed,
    sites,
    fieldworkStart: new Date('2026-05-06T00:00:00Z'),
    fieldworkDays: 21,
    cawiShare: 0.3,
    analyst: { username: 'demo-analyst', password: 'demo-analyst-2026' },
    interviewerPassword: 'demo-interviewer-2026',
  };
}

export function frameCsv(plan: DemoPlan): string {
  const rows = plan.sites.map((site) =>
    [
      site.county.countyCode,
      site.siteCode,
      site.siteName,
      site.siteType,
      site.county.provinceCode,
      site.county.cityCode,
      site.county.countyCode,
      site.migrantPopulation,
      site.selectionProbability,
      site.plannedInterviews,
    ].join(','),
  );
  return [FRAME_COLUMNS.join(','), ...rows].join('\n');
}

/** A stable RFC 4122 version-4-shaped UUID from a name, so a rerun sends the same ids. */
export function demoUuid(name: string): string {
  const bytes = createHash('sha256').update(name).digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

interface DemoInterview {
  id: string;
  site: DemoSite;
  mode: Mode;
  seed: string;
  startedAt: Date;
  durationSeconds: number;
}

export function demoInterviews(plan: DemoPlan): DemoInterview[] {
  return plan.sites.flatMap((site) => {
    const random = createRandom(`${plan.seed}/${site.siteCode}`);
    // Each site is worked on a stretch of the fieldwork period, a few interviews a day, in daytime hours.
    const firstDay = random.integer(0, Math.max(0, plan.fieldworkDays - 10));
    return Array.from({ length: site.interviews }, (_, index) => {
      const day = Math.min(plan.fieldworkDays - 1, firstDay + Math.floor(index / 6));
      const startedAt = new Date(plan.fieldworkStart.getTime() + (day * 24 + 1 + random.integer(0, 9)) * 3600_000 + random.integer(0, 3599) * 1000);
      return {
        id: demoUuid(`${plan.seed}/${site.siteCode}/${index}`),
        site,
        mode: random.chance(plan.cawiShare) ? 'cawi' : 'capi',
        seed: `${plan.seed}/${site.siteCode}/${index}`,
        startedAt,
        durationSeconds: Math.round(Math.exp(Math.log(1500) + 0.35 * random.normal())),
      };
    });
  });
}

export interface DemoSummary {
  total: number;
  stored: number;
  skipped: number;
  analyst: { username: string; password: string };
}

/** Frame, accounts and interviews; what is already stored is left alone, so the load can be rerun or resumed. */
export async function loadDemo(state: ServerState, plan: DemoPlan, print: (line: string) => void = () => undefined): Promise<DemoSummary> {
  const frame = await importSamplingFrame(state, frameCsv(plan));
  print(`Sampling frame: ${frame.imported} sites (${frame.created} new).`);
  await ensureUser(state, { username: plan.analyst.username, password: plan.analyst.password, role: 'analyst', samplingPoints: [] });
  const interviewers = new Map<string, string[]>();
  for (const site of plan.sites) interviewers.set(site.interviewer, [...(interviewers.get(site.interviewer) ?? []), site.siteCode]);
  for (const [username, samplingPoints] of interviewers) await ensureUser(state, { username, password: plan.interviewerPassword, role: 'interviewer', samplingPoints });

  const interviews = demoInterviews(plan);
  const present = await storedIds(state.connection, interviews.map((interview) => interview.id));
  let stored = 0;
  for (const interview of interviews) {
    if (present.has(interview.id)) continue;
    const outcome = await submitResponse(state, submissionOf(interview), submitterOf(interview), completedAt(interview));
    if (outcome.status !== 201 && outcome.status !== 200) {
      throw new Error(`Demo interview ${interview.id} at ${interview.site.siteCode} was refused (${outcome.status}): ${JSON.stringify(outcome.body)}`);
    }
    stored += 1;
    if (stored % 250 === 0) print(`  ${stored} interviews stored…`);
  }
  return { total: interviews.length, stored, skipped: present.size, analyst: plan.analyst };
}

async function ensureUser(state: ServerState, user: Parameters<typeof createUser>[1]): Promise<void> {
  if (await findUser(state, user.username)) return;
  await createUser(state.connection, user, { demo: true });
}

const completedAt = (interview: DemoInterview): Date => new Date(interview.startedAt.getTime() + interview.durationSeconds * 1000);

function submissionOf(interview: DemoInterview) {
  const { site } = interview;
  const { answers, status } = generateRespondent({
    seed: interview.seed,
    province: site.county.provinceCode,
    surveyDate: interview.startedAt,
  });
  return {
    id: interview.id,
    instrumentId: INSTRUMENT.id,
    instrumentVersion: INSTRUMENT.version,
    samplingPoint: site.siteCode,
    mode: interview.mode,
    status,
    answers,
    paradata: {
      startedAt: interview.startedAt.toISOString(),
      completedAt: completedAt(interview).toISOString(),
      durationSeconds: status === 'complete' ? interview.durationSeconds : Math.round(interview.durationSeconds / 3),
      locale: 'zh-cn',
      appVersion: 'demo',
    },
  };
}

function submitterOf(interview: DemoInterview): Submitter {
  if (interview.mode === 'capi') {
    return { kind: 'user', user: { username: interview.site.interviewer, role: 'interviewer', samplingPoints: [interview.site.siteCode], displayName: '', active: true } };
  }
  return {
    kind: 'link',
    link: {
      linkId: `demo-${interview.site.siteCode}`,
      instrumentId: INSTRUMENT.id,
      instrumentVersion: INSTRUMENT.version,
      samplingPoint: interview.site.siteCode,
      mode: 'cawi',
      exp: Math.floor(Date.UTC(2030, 0, 1) / 1000),
    },
  };
}
