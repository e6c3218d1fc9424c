import { describe, expect, test } from 'vitest';
import { loadDataset } from './dataset.js';
import { agreement, ranks, spearman } from './metrics.js';

describe('agreement', () => {
  test('ranks ties by the average of the ranks they span', () => {
    expect(ranks([3, 1, 2, 2])).toEqual([4, 1, 2.5, 2.5]);
  });

  test('Spearman is 1 for the same order, -1 for the reverse, and undefined for a constant side', () => {
    expect(spearman([1, 2, 3, 4], [10, 20, 30, 45])).toBe(1);
    expect(spearman([1, 2, 3, 4], [4, 3, 2, 1])).toBe(-1);
    expect(spearman([1, 2, 3], [2, 2, 2])).toBeNull();
    // Grades 1,2,3,4 scored 1,3,2,4: d² = 0+1+1+0, rho = 1 - 6·2/(4·15) = 0.8.
    expect(spearman([1, 2, 3, 4], [1, 3, 2, 4])).toBeCloseTo(0.8, 10);
  });

  test('counts exact and within-one agreement and the mean absolute error', () => {
    expect(agreement([{ grade: 1, score: 1 }, { grade: 2, score: 3 }, { grade: 5, score: 2 }, { grade: 4, score: 4 }])).toEqual({
      n: 4,
      exact: 0.5,
      withinOne: 0.75,
      spearman: expect.any(Number),
      meanAbsoluteError: 1,
    });
  });
});

describe('the dataset', () => {
  const { questions, samples } = loadDataset();

  test('every sample answers a known question with a whole grade from 1 to 5, under a unique id', () => {
    const ids = new Set(questions.map((q) => q.id));
    expect(new Set(samples.map((s) => s.id)).size).toBe(samples.length);
    for (const s of samples) {
      expect([s.id, ids.has(s.question), Number.isInteger(s.grade) && s.grade >= 1 && s.grade <= 5, s.answer.trim().length > 0]).toEqual([s.id, true, true, true]);
    }
    for (const q of questions) expect(Object.keys(q.rubric).sort()).toEqual(['1', '2', '3', '4', '5']);
  });

  test('covers every grade, several languages, lengths and injection attempts', () => {
    expect(new Set(samples.map((s) => s.grade))).toEqual(new Set([1, 2, 3, 4, 5]));
    expect(new Set(samples.map((s) => s.language)).size).toBeGreaterThanOrEqual(4);
    expect(samples.filter((s) => s.tags.includes('injection')).length).toBeGreaterThanOrEqual(5);
    const words = samples.map((s) => s.answer.split(/\s+/).length);
    expect(Math.min(...words)).toBe(1);
    expect(Math.max(...words)).toBeGreaterThan(100);
  });
});
