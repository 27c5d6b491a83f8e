import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import type { Express } from 'express';
import type { Connection } from 'mongoose';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postStratify, rake, trimWeights } from '../../analysis/stats/calibration';
import { type Design } from '../../analysis/stats/design';
import { estimateStatistic, type Estimate } from '../../analysis/stats/estimate';
import { weightDistribution } from '../../analysis/stats/weights';
import { modelsOf } from '../../server/models';
import type { ServerState } from '../../server/state';
import { createUser } from '../../server/services/users';
import { binaryBody, signIn, startTestApi, TEST_ADMIN_PASSWORD } from '../helpers/api';
import { baseWeightedDesign, seedEstimationData, SURVEY_DATE, type SeededInterview } from '../helpers/estimationData';

let kept: SeededInterview[] = [];

const SEX_MARGINS = 'variable,level,population\nsex,male,520000\nsex,female,480000\n';
const RAKE_MARGINS = 'variable,level,population\nregion,East,500000\nregion,Central,300000\nregion,West,200000\nsex,male,520000\nsex,female,480000\n';

describe('weighting schemes: margins uploaded as CSV, calibrated estimates, the weight distribution', () => {
  let app: Express;
  let connection: Connection;
  let state: ServerState;
  let drop: () => Promise<void>;
  let analyst: string;
  let interviewer: string;
  let baseDesign: Design;

  beforeAll(async () => {
    ({ app, connection, state, drop } = await startTestApi('weighting'));
    kept = await seedEstimationData(connection, { seedPrefix: 'weighting-', interviewsAt: (k) => 8 + (k % 4), statusOf: () => 'complete', receivedAt: SURVEY_DATE });
    await createUser(connection, { username: 'analyst', password: 'analyst-password', role: 'analyst', samplingPoints: [] });
    await createUser(connection, { username: 'interviewer', password: 'interviewer-password', role: 'interviewer', samplingPoints: [] });
    analyst = await signIn(app, 'analyst', 'analyst-password');
    interviewer = await signIn(app, 'interviewer', 'interviewer-password');
    baseDesign = baseWeightedDesign(kept);
  }, 120_000);
  afterAll(async () => drop());

  const upload = (csv: string, query: string) =>
    request(app).post(`/api/weighting/schemes?${query}`).set('Authorization', `Bearer ${analyst}`).set('Content-Type', 'text/csv').send(csv);
  const schemes = () => modelsOf(connection).WeightingScheme.countDocuments();

  it('a post-stratified estimate from the database equals the engine’s on the same rows, overall and by region', async () => {
    const created = await upload(SEX_MARGINS, 'name=Sex%202025&method=poststratify');
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Sex 2025', method: 'poststratify', trimCap: null, createdBy: 'analyst', margins: [{ variable: 'sex', totals: { male: 520000, female: 480000 } }] });
    const listed = await request(app).get('/api/weighting/schemes').set('Authorization', `Bearer ${analyst}`);
    expect(listed.body.map((scheme: { id: string }) => scheme.id)).toContain(created.body.id);

    const response = await request(app).get(`/api/estimates?by=region&weighting=${created.body.id}`).set('Authorization', `Bearer ${analyst}`);
    expect(response.status).toBe(200);
    expect(response.body.methods.n).toBe(kept.length);
    expect(response.body.methods.weighting).toMatch(/scheme "Sex 2025".*post-stratified on sex/);

    const design = postStratify(baseDesign, kept.map(({ scores }) => scores.profile.sex!), { variable: 'sex', totals: { male: 520000, female: 480000 } });
    const options = { lonelyPsu: 'fail' as const, ci: 'logit' as const, level: 0.95 };
    const literate = kept.map(({ scores }) => (scores.literacy.literate ? 1 : 0));
    const correct = kept.map(({ scores }) => scores.awareness.correct);
    const asked = kept.map(({ scores }) => scores.awareness.asked);
    for (const region of [null, 'East', 'Central', 'West'] as const) {
      const domain = region ? Uint8Array.from(kept, ({ site }) => (site.region === region ? 1 : 0)) : undefined;
      const expected = {
        literacy: estimateStatistic(design, { statistic: 'prop', variable: 'literacy', values: literate }, options, domain) as Estimate,
        awareness: estimateStatistic(design, { statistic: 'ratio', variable: 'awareness', numerator: correct, denominator: asked }, options, domain) as Estimate,
      };
      for (const indicator of ['literacy', 'awareness'] as const) {
        const row = response.body.rows.find((r: { indicator: string; domain: { region?: string } | null }) => r.indicator === indicator && (region ? r.domain?.region === region : r.domain === null));
        for (const key of ['estimate', 'se', 'ciLow', 'ciHigh', 'deff', 'df', 'n'] as const) expect(row[key], `${indicator} ${region} ${key}`).toBeCloseTo(expected[indicator][key], 12);
      }
    }
    // Calibration changes the estimate: it is not the base-weighted one.
    const base = await request(app).get('/api/estimates?indicator=literacy').set('Authorization', `Bearer ${analyst}`);
    const calibrated = response.body.rows.find((r: { indicator: string; domain: unknown }) => r.indicator === 'literacy' && r.domain === null);
    expect(calibrated.estimate).not.toBeCloseTo(base.body.rows.find((r: { domain: unknown }) => r.domain === null).estimate, 10);

    const xlsx = await request(app).get(`/api/estimates?weighting=${created.body.id}&format=xlsx`).set('Authorization', `Bearer ${analyst}`).buffer(true).parse(binaryBody);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.body as ArrayBuffer);
    const methods = new Map<string, unknown>();
    workbook.getWorksheet('方法说明')!.eachRow((row) => methods.set(String(row.getCell(1).value), row.getCell(2).value));
    expect(String(methods.get('加权'))).toMatch(/加权方案“Sex 2025”.*事后分层/);
    expect(String(methods.get('Weighting'))).toMatch(new RegExp(`scheme "Sex 2025" \\(id ${created.body.id}\\)`));
  });

  it('raking with a trimming cap (JSON upload): the summary gives the engine’s weight distribution, the weights cut and Kish’s deff', async () => {
    const created = await request(app).post('/api/weighting/schemes').set('Authorization', `Bearer ${analyst}`).send({ name: 'Region × sex', method: 'rake', trimCap: 1.5, csv: RAKE_MARGINS });
    expect(created.status).toBe(201);
    const summary = await request(app).get(`/api/weighting/summary?weighting=${created.body.id}`).set('Authorization', `Bearer ${analyst}`);
    expect(summary.status).toBe(200);
    const raked = rake(baseDesign, [kept.map(({ site }) => site.region), kept.map(({ scores }) => scores.profile.sex!)], {
      margins: [
        { variable: 'region', totals: { East: 500000, Central: 300000, West: 200000 } },
        { variable: 'sex', totals: { male: 520000, female: 480000 } },
      ],
      epsilon: 1e-7,
      maxIter: 100,
    });
    const cap = (1.5 * 1_000_000) / kept.length;
    const trimmed = trimWeights(raked, cap);
    const expected = weightDistribution(trimmed.weights);
    const distribution = summary.body.distribution;
    for (const key of ['n', 'min', 'q1', 'median', 'q3', 'max', 'mean', 'cv', 'kishDeff'] as const) expect(distribution[key], key).toBeCloseTo(expected[key], 6);
    expect(distribution.kishDeff).toBeCloseTo(1 + distribution.cv ** 2, 12);
    expect(distribution.max).toBeLessThanOrEqual(cap * (1 + 1e-9));
    expect(distribution.mean * distribution.n).toBeCloseTo(1_000_000, 3);
    expect(summary.body.trimmed).toBe([...trimmed.weights].filter((w) => w >= cap * (1 - 1e-12)).length);
    expect(summary.body.trimmed).toBeGreaterThan(0);
    expect(distribution.histogram.reduce((sum: number, bin: { count: number }) => sum + bin.count, 0)).toBe(kept.length);

    const base = await request(app).get('/api/weighting/summary').set('Authorization', `Bearer ${analyst}`);
    expect(base.body.scheme).toBeNull();
    expect(base.body.distribution.kishDeff).toBeCloseTo(weightDistribution(baseDesign.weights).kishDeff, 12);
  });

  it('bad margins: every bad row with its line, a 400, nothing stored', async () => {
    const before = await schemes();
    const bad = await upload('variable,level,population\nsex,male,520000\nshoe_size,42,10\nsex,other,5\nsex,female,-3\nsex,male,1\n', 'name=Bad&method=poststratify');
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('invalid-margins');
    expect(bad.body.errors).toEqual([
      { path: 'line 3, variable', message: expect.stringMatching(/unknown variable "shoe_size"; expected one of region, province/) },
      { path: 'line 4, level', message: 'unknown sex level "other"; expected one of male, female' },
      { path: 'line 5, population', message: 'population "-3" is not a number above 0' },
      { path: 'line 6, level', message: 'sex = male already appears on line 2' },
    ]);
    const twoVariables = await upload(RAKE_MARGINS, 'name=Two&method=poststratify');
    expect(twoVariables.status).toBe(400);
    expect(twoVariables.body.errors[0].message).toMatch(/post-stratification uses one variable but the CSV has 2 \(region, sex\); choose rake/);
    const unequal = await upload(RAKE_MARGINS.replace('480000', '1'), 'name=Unequal&method=rake');
    expect(unequal.body.errors[0].message).toMatch(/the sex margin adds up to 520001 but region to 1000000/);
    const header = await upload('var,lvl,pop\nsex,male,1\n', 'name=Header&method=rake');
    expect(header.status).toBe(400);
    expect(header.body.messageEn).toMatch(/expected: variable,level,population/);
    const noName = await upload(SEX_MARGINS, 'method=poststratify&trimCap=0.5');
    expect(noName.status).toBe(400);
    expect(noName.body.errors.map((error: { path: string }) => error.path).sort()).toEqual(['name', 'trimCap']);
    expect(await schemes()).toBe(before);
  });

  it('margins that do not fit the interviews (an unlisted level, a variable some lack) or an unknown scheme are a 400 saying what to fix', async () => {
    const ages = await upload('variable,level,population\nageGroup,25-34,1000\n', 'name=One%20age%20group&method=poststratify');
    expect(ages.status).toBe(201);
    const unlisted = await request(app).get(`/api/estimates?weighting=${ages.body.id}`).set('Authorization', `Bearer ${analyst}`);
    expect(unlisted.status).toBe(400);
    expect(unlisted.body.code).toBe('margins-do-not-fit');
    expect(unlisted.body.errors[0]).toEqual({ path: 'ageGroup', message: expect.stringMatching(/^\d+ complete interviews have ageGroup = [\d+-]+, which the margins do not list; add a row ageGroup,/) });

    const sex = await upload(SEX_MARGINS, 'name=Sex&method=poststratify');
    const { Response } = modelsOf(connection);
    const id = randomUUID();
    const scores = { ...kept[0]!.scores, profile: { ...kept[0]!.scores.profile, sex: null } };
    const site = kept[0]!.site;
    await Response.collection.insertOne({
      _id: id as never, id, instrumentId: 'migrant-health', instrumentVersion: 1, mode: 'capi', status: 'complete', answers: {}, scores, stratum: site.stratum,
      siteCode: site.siteCode, provinceCode: site.provinceCode, cityCode: `${site.provinceCode}01`, countyCode: `${site.provinceCode}0101`, region: site.region,
      paradata: {}, contentHash: id, receivedAt: SURVEY_DATE,
    });
    // Written past this server's intake, as by another instance: the analysis rows catch up with it.
    await state.analysis.catchUp();
    try {
      const missing = await request(app).get(`/api/weighting/summary?weighting=${sex.body.id}`).set('Authorization', `Bearer ${analyst}`);
      expect(missing.status).toBe(400);
      expect(missing.body.errors).toEqual([{ path: 'sex', message: `1 of ${kept.length + 1} complete interviews have no sex; weight on variables every interview answers, or filter those interviews out` }]);
    } finally {
      await Response.deleteOne({ _id: id });
      state.analysis.removed(id);
    }
    const unknown = await request(app).get(`/api/estimates?weighting=${randomUUID()}`).set('Authorization', `Bearer ${analyst}`);
    expect(unknown.status).toBe(400);
    expect(unknown.body.code).toBe('unknown-weighting');
    const malformed = await request(app).get('/api/estimates?weighting=heavy').set('Authorization', `Bearer ${analyst}`);
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors[0].path).toBe('weighting');
  });

  it('only analysts and admins: 401 without a session, 403 for interviewers', async () => {
    const admin = await signIn(app, 'admin', TEST_ADMIN_PASSWORD);
    expect((await request(app).get('/api/weighting/schemes').set('Authorization', `Bearer ${admin}`)).status).toBe(200);
    const before = await schemes();
    for (const token of [undefined, interviewer]) {
      const post = request(app).post('/api/weighting/schemes?name=X&method=poststratify').set('Content-Type', 'text/csv');
      const summary = request(app).get('/api/weighting/summary');
      const list = request(app).get('/api/weighting/schemes');
      for (const call of [post, summary, list]) {
        if (token) call.set('Authorization', `Bearer ${token}`);
        expect((await (call === post ? call.send(SEX_MARGINS) : call)).status).toBe(token ? 403 : 401);
      }
    }
    expect(await schemes()).toBe(before);
  });
});
