import { Recommendation } from './evaluation.entity.js';

/**
 * Overall score and recommendation, computed in code from the answer scores — never by a model.
 * Overall = weight-averaged answer score on the 1–5 scale, rounded to one decimal.
 * Thresholds: ≥ 4.2 Strong yes · ≥ 3.4 Yes · ≥ 2.5 No · below Strong no.
 */
export const THRESHOLDS: readonly { min: number; recommendation: Recommendation }[] = [
  { min: 4.2, recommendation: Recommendation.STRONG_YES },
  { min: 3.4, recommendation: Recommendation.YES },
  { min: 2.5, recommendation: Recommendation.NO },
  { min: -Infinity, recommendation: Recommendation.STRONG_NO },
];

export function overallScore(scores: { score: number; weight: number }[]): number {
  const totalWeight = scores.reduce((sum, s) => sum + s.weight, 0);
  if (totalWeight === 0) return 1;
  const weighted = scores.reduce((sum, s) => sum + s.score * s.weight, 0) / totalWeight;
  return Math.round(weighted * 10) / 10;
}

export function recommend(overall: number): Recommendation {
  return THRESHOLDS.find((t) => overall >= t.min)!.recommendation;
}

export const RECOMMENDATION_LABEL: Record<Recommendation, string> = {
  [Recommendation.STRONG_YES]: 'Strong yes',
  [Recommendation.YES]: 'Yes',
  [Recommendation.NO]: 'No',
  [Recommendation.STRONG_NO]: 'Strong no',
};
