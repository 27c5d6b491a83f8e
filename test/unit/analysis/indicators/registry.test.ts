import { describe, expect, it } from 'vitest';
import { divisionLabel } from '../../../../analysis/domain/divisions';
import { describeRegistry, levelsOf } from '../../../../analysis/indicators/description';
import { createLabeller } from '../../../../analysis/indicators/labels';
import { breakdownsOf, findIndicator, INDICATORS } from '../../../../analysis/indicators/registry';
import { targetFor } from '../../../../analysis/indicators/targets';
import type { RespondentProfile, ResponseScores, SatisfactionScore } from '../../../../analysis/scoring/types';
import { shippedVersions } from '../../../../surveys/catalog';

/** The shipped questionnaires, whose choices name the levels of the question breakdowns (a server adds the versions it has fielded since). */
const instruments = shippedVersions().map((shipped) => shipped.json);
const scoresWith = (bphs: SatisfactionScore, fp: SatisfactionScore) => ({ satisfaction: { bphs, fp } }) as unknown as ResponseScores;
const contribution = (id: string, scores: ResponseScores) => findIndicator(id)!.contribution(scores);

describe('satisfaction by aspect in the indicator registry', () => {
  it('has one proportion per service and rated aspect; overall stays satisfaction.<service>', () => {
    const ids = INDICATORS.map((indicator) => indicator.id).filter((id) => id.startsWith('satisfaction.'));
    expect(ids).toEqual([
      'satisfaction.bphs',
      'satisfaction.fp',
      ...['bphs', 'fp'].flatMap((service) => ['attitude', 'convenience', 'timeliness', 'quality'].map((aspect) => `satisfaction.${service}.${aspect}`)),
    ]);
    expect(INDICATORS.filter((indicator) => indicator.id.startsWith('satisfaction.')).every((indicator) => indicator.kind === 'prop')).toBe(true);
  });

  it('counts a rating of 4 or 5 as satisfied, 3 or less as not, among users who rated the aspect only', () => {
    const user = { used: true, ratings: { attitude: 5, convenience: 4, timeliness: 3, quality: 1, overall: 4 }, satisfied: true };
    const partial = { used: true, ratings: { attitude: 2 }, satisfied: null };
    const nonUser = { used: false, ratings: {}, satisfied: null };
    const scores = scoresWith(user, nonUser);
    expect(contribution('satisfaction.bphs.attitude', scores)).toEqual([1, 1]);
    expect(contribution('satisfaction.bphs.convenience', scores)).toEqual([1, 1]);
    expect(contribution('satisfaction.bphs.timeliness', scores)).toEqual([0, 1]);
    expect(contribution('satisfaction.bphs.quality', scores)).toEqual([0, 1]);
    expect(contribution('satisfaction.bphs', scores)).toEqual([1, 1]);
    for (const aspect of ['attitude', 'convenience', 'timeliness', 'quality']) expect(contribution(`satisfaction.fp.${aspect}`, scores)).toBeNull();
    const rated = scoresWith(partial, nonUser);
    expect(contribution('satisfaction.bphs.attitude', rated)).toEqual([0, 1]);
    expect(contribution('satisfaction.bphs.quality', rated)).toBeNull();
    expect(contribution('satisfaction.bphs', rated)).toBeNull();
  });
});

describe('the registry names everything in Chinese and English', () => {
  const description = describeRegistry({ instruments, counties: [{ code: '440106' }, { code: '530102', name: '五华区（试点）' }, { code: '999999' }] });
  const labels = createLabeller(description);

  it('gives every indicator a label, short label, numerator, denominator and population in both languages, none of them its id', () => {
    for (const indicator of INDICATORS) {
      for (const label of [indicator.label, indicator.shortLabel, indicator.numerator, indicator.denominator, indicator.population]) {
        expect(label['zh-cn'], indicator.id).toMatch(/\p{Script=Han}/u);
        expect(label.en, indicator.id).toMatch(/[A-Za-z]/);
        expect(label['zh-cn']).not.toContain(indicator.id);
      }
      if (indicator.parent) expect(findIndicator(indicator.parent), indicator.id).toBeDefined();
    }
    expect(labels.indicator('awareness.records')['zh-cn']).toBe('知晓率：居民健康档案管理');
    expect(labels.shortIndicator('satisfaction.fp.timeliness')['zh-cn']).toBe('及时性');
    expect(INDICATORS.filter((indicator) => indicator.main).map((indicator) => indicator.id)).toEqual(['awareness', 'literacy', 'satisfaction.bphs', 'satisfaction.fp']);
  });

  it('reads the levels of question breakdowns from the questionnaire, and names counties by GB/T 2260 unless the frame names them', () => {
    expect(levelsOf('sex', { instruments, counties: [] })).toEqual([
      { code: 'male', label: { 'zh-cn': '男', en: 'Male' } },
      { code: 'female', label: { 'zh-cn': '女', en: 'Female' } },
    ]);
    expect(labels.level('education', 'junior-high')['zh-cn']).toBe('初中');
    expect(labels.level('region', 'West')).toEqual({ 'zh-cn': '西部', en: 'West' });
    expect(labels.level('province', '44')['zh-cn']).toBe('广东');
    expect(labels.level('county', '440106')['zh-cn']).toBe('天河区');
    expect(labels.level('county', '530102')['zh-cn']).toBe('五华区（试点）');
    expect(labels.level('county', '999999')['zh-cn']).toBe('999999');
    expect(labels.level('mode', 'cawi')['zh-cn']).toBe('扫码自填');
    expect(labels.domain(null)['zh-cn']).toBe('合计');
    expect(labels.domain({ county: '440106' }).en).toBe('天河区 (440106)');
    expect(labels.status('not met')).toEqual({ 'zh-cn': '未达标', en: 'Not met' });
    expect(divisionLabel('1101')['zh-cn']).toBe('北京市');
    expect(divisionLabel('4401')['zh-cn']).toBe('广州市');
  });

  it('reads every breakdown from a stored response', () => {
    const stored = { region: 'East', provinceCode: '44', countyCode: '440106', mode: 'capi', scores: { profile: { sex: 'female', ageGroup: '25-34', education: 'college', migrationScope: 'cross-city' } as RespondentProfile } };
    expect(breakdownsOf(stored)).toEqual({ region: 'East', province: '44', county: '440106', sex: 'female', ageGroup: '25-34', education: 'college', migrationScope: 'cross-city', mode: 'capi' });
    expect(breakdownsOf({ region: 'East', scores: null }).sex).toBeNull();
  });

  it('holds literacy to the region of a region, province or county domain, and awareness to 90% everywhere', () => {
    expect(targetFor('literacy', { region: 'Central' })).toBe(0.2);
    expect(targetFor('literacy', { province: '53' })).toBe(0.16);
    expect(targetFor('literacy', { county: '440106' })).toBe(0.24);
    expect(targetFor('literacy', null)).toBeNull();
    expect(targetFor('literacy', { sex: 'male' })).toBeNull();
    expect(targetFor('awareness.tb', { county: '530102' })).toBe(0.9);
    expect(targetFor('satisfaction.bphs', null)).toBeNull();
  });
});
