import { describe, expect, it } from 'vitest';
import { findIndicator, INDICATORS } from '../../../analysis/indicators/registry';
import type { ResponseScores, SatisfactionScore } from '../../../analysis/scoring/types';

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
