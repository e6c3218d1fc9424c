import { describe, expect, test } from 'vitest';
import { Recommendation } from './evaluation.entity.js';
import { overallScore, recommend, RECOMMENDATION_LABEL } from './recommendation.js';

describe('recommend', () => {
  test.each([
    [5, Recommendation.STRONG_YES],
    [4.2, Recommendation.STRONG_YES],
    [4.19, Recommendation.YES],
    [3.4, Recommendation.YES],
    [3.39, Recommendation.NO],
    [2.5, Recommendation.NO],
    [2.49, Recommendation.STRONG_NO],
    [1, Recommendation.STRONG_NO],
  ])('an overall score of %d is %s', (overall, expected) => {
    expect(recommend(overall)).toBe(expected);
  });

  test('every recommendation has a label for people', () => {
    expect(RECOMMENDATION_LABEL).toEqual({ strong_yes: 'Strong yes', yes: 'Yes', no: 'No', strong_no: 'Strong no' });
  });
});

describe('overallScore', () => {
  test('weighs each answer by its question weight', () => {
    // (5·3 + 1·1) / 4 = 4; unweighted it would be 3.
    expect(overallScore([{ score: 5, weight: 3 }, { score: 1, weight: 1 }])).toBe(4);
    expect(overallScore([{ score: 2, weight: 1 }, { score: 4, weight: 1 }])).toBe(3);
  });

  test('rounds to one decimal, half up', () => {
    expect(overallScore([{ score: 4, weight: 1 }, { score: 3, weight: 2 }])).toBe(3.3); // 3.333…
    expect(overallScore([{ score: 5, weight: 3 }, { score: 2, weight: 1 }])).toBe(4.3); // 4.25
    expect(overallScore([{ score: 3, weight: 3 }, { score: 2, weight: 1 }])).toBe(2.8); // 2.75
  });

  test('rounds before the thresholds apply, so a mean just under one can reach it', () => {
    // 25/6 = 4.1667 → 4.2: Strong yes.
    const nearStrongYes = overallScore([{ score: 5, weight: 2 }, { score: 4, weight: 3 }, { score: 3, weight: 1 }]);
    expect([nearStrongYes, recommend(nearStrongYes)]).toEqual([4.2, Recommendation.STRONG_YES]);
    // 27/8 = 3.375 → 3.4: Yes.
    const nearYes = overallScore([{ score: 4, weight: 3 }, { score: 3, weight: 3 }, { score: 3, weight: 2 }]);
    expect([nearYes, recommend(nearYes)]).toEqual([3.4, Recommendation.YES]);
    // 29/12 = 2.4167 → 2.4: Strong no.
    const underNo = overallScore([{ score: 3, weight: 3 }, { score: 2, weight: 3 }, { score: 2, weight: 3 }, { score: 3, weight: 2 }, { score: 2, weight: 1 }]);
    expect([underNo, recommend(underNo)]).toEqual([2.4, Recommendation.STRONG_NO]);
  });

  test('with no weighted answers the score is the floor of the scale', () => {
    expect(overallScore([])).toBe(1);
    expect(overallScore([{ score: 5, weight: 0 }])).toBe(1);
  });
});
