/** How a scorer's scores agree with expert grades on the same answers. */
export interface Agreement {
  n: number;
  /** Share of answers scored exactly as graded, 0–1. */
  exact: number;
  /** Share scored within one point of the grade, 0–1. */
  withinOne: number;
  /** Spearman's rank correlation between scores and grades (ties share their average rank); null when either side is constant. */
  spearman: number | null;
  meanAbsoluteError: number;
}

export function agreement(pairs: { grade: number; score: number }[]): Agreement {
  const n = pairs.length;
  if (n === 0) return { n, exact: 0, withinOne: 0, spearman: null, meanAbsoluteError: 0 };
  const diffs = pairs.map((p) => Math.abs(p.score - p.grade));
  return {
    n,
    exact: diffs.filter((d) => d === 0).length / n,
    withinOne: diffs.filter((d) => d <= 1).length / n,
    spearman: spearman(pairs.map((p) => p.grade), pairs.map((p) => p.score)),
    meanAbsoluteError: diffs.reduce((a, b) => a + b, 0) / n,
  };
}

/** Spearman's rho: Pearson's correlation of the ranks. */
export function spearman(xs: number[], ys: number[]): number | null {
  return pearson(ranks(xs), ranks(ys));
}

/** 1-based ranks; tied values get the average of the ranks they span. */
export function ranks(values: number[]): number[] {
  const order = values.map((value, index) => ({ value, index })).sort((a, b) => a.value - b.value);
  const result = new Array<number>(values.length);
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && order[end + 1]!.value === order[start]!.value) end++;
    const rank = (start + end) / 2 + 1;
    for (let i = start; i <= end; i++) result[order[i]!.index] = rank;
    start = end + 1;
  }
  return result;
}

function pearson(xs: number[], ys: number[]): number | null {
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  const mx = mean(xs);
  const my = mean(ys);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < xs.length; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    sxx += (xs[i]! - mx) ** 2;
    syy += (ys[i]! - my) ** 2;
  }
  return sxx === 0 || syy === 0 ? null : sxy / Math.sqrt(sxx * syy);
}
