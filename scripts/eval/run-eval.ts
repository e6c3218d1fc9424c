// Scores the sample answers in samples.json with the built-in scorer and, when one is configured
// (OPENAI_BASE_URL, OPENAI_API_KEY, OPENAI_MODEL, as for the app) or --fake is given, the
// model-backed scorer, through the same checks the product applies (scoreAnswerChecked), and
// prints how each agrees with the expert grades.
//
// Usage: npm run eval [-- --fake] [-- --concurrency 4]
import { parseArgs } from 'node:util';
import { BuiltinInterviewer } from '../../server/src/ai/builtin-interviewer.js';
import type { Interviewer } from '../../server/src/ai/interviewer.js';
import { OpenAIInterviewer } from '../../server/src/ai/openai-interviewer.js';
import { loadConfig } from '../../server/src/platform/config.js';
import { scoreAnswerChecked } from '../../server/src/scoring/answer-check.js';
import { startFakeOpenAI, type FakeOpenAI } from '../fake-openai/fake-openai.js';
import { loadDataset, type Dataset, type EvalSample } from './dataset.js';
import { agreement, type Agreement } from './metrics.js';

const USAGE = 'Usage: npm run eval [-- --fake] [-- --concurrency 4]';

interface Result {
  sample: EvalSample;
  score: number | null;
  error: string | null;
}

const { values } = parseArgs({
  options: {
    fake: { type: 'boolean', default: false },
    concurrency: { type: 'string', default: '4' },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const concurrency = Number(values.concurrency);
if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 32) {
  console.error(`--concurrency must be a whole number from 1 to 32 (got ${values.concurrency}).\n${USAGE}`);
  process.exit(2);
}

const dataset = loadDataset();
let fake: FakeOpenAI | null = null;
const scorers: Interviewer[] = [new BuiltinInterviewer()];
try {
  if (values.fake) {
    fake = await startFakeOpenAI();
    scorers.push(new OpenAIInterviewer({ baseUrl: fake.baseURL, apiKey: 'eval', model: 'fake-model', timeoutMs: 30_000 }));
  } else {
    const { openai } = loadConfig(process.env);
    if (openai) scorers.push(new OpenAIInterviewer(openai));
  }

  console.log(`Prelim scoring evaluation: ${dataset.samples.length} answers to ${dataset.questions.length} questions, graded 1–5 by hand (scripts/eval/samples.json)\n`);
  const runs: { scorer: Interviewer; results: Result[] }[] = [];
  for (const scorer of scorers) runs.push({ scorer, results: await scoreAll(scorer, dataset) });
  printSummary(runs);
  for (const run of runs) printDetails(run);
  if (scorers.length === 1) console.log('\nOnly the built-in scorer ran. Set OPENAI_BASE_URL (and OPENAI_API_KEY, OPENAI_MODEL) to evaluate a model, or pass --fake for the local fake model.');
} finally {
  await fake?.close();
}

async function scoreAll(scorer: Interviewer, data: Dataset): Promise<Result[]> {
  const questions = new Map(data.questions.map((q) => [q.id, q]));
  const results: Result[] = new Array(data.samples.length);
  let next = 0;
  const worker = async () => {
    while (next < data.samples.length) {
      const index = next++;
      const sample = data.samples[index]!;
      const question = questions.get(sample.question)!;
      try {
        const checked = await scoreAnswerChecked(scorer, { question: question.text, competency: question.competency, rubric: question.rubric, answer: sample.answer });
        results[index] = { sample, score: checked.score, error: null };
      } catch (error) {
        results[index] = { sample, score: null, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
      }
    }
  };
  await Promise.all(Array.from({ length: scorer.isBuiltIn ? 1 : concurrency }, worker));
  return results;
}

function scoredPairs(results: Result[], keep: (s: EvalSample) => boolean = () => true) {
  return results.filter((r) => r.score !== null && keep(r.sample)).map((r) => ({ grade: r.sample.grade, score: r.score! }));
}

function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

function row(cells: string[]): string {
  return `| ${cells.join(' | ')} |`;
}

function agreementCells(a: Agreement): string[] {
  return [String(a.n), percent(a.exact), percent(a.withinOne), a.spearman === null ? 'n/a' : a.spearman.toFixed(2), a.meanAbsoluteError.toFixed(2)];
}

function printSummary(runs: { scorer: Interviewer; results: Result[] }[]): void {
  console.log(row(['Scorer', 'Answers', 'Exact', 'Within one', 'Spearman', 'Mean abs. error', 'Injection attempts: most above grade']));
  console.log(row(['---', '---:', '---:', '---:', '---:', '---:', '---:']));
  for (const { scorer, results } of runs) {
    const injections = results.filter((r) => r.sample.tags.includes('injection') && r.score !== null);
    const most = Math.max(...injections.map((r) => r.score! - r.sample.grade));
    console.log(row([scorer.modelName, ...agreementCells(agreement(scoredPairs(results))), injections.length ? `${most > 0 ? '+' : ''}${most} (${injections.length} attempts)` : 'n/a']));
  }
}

function printDetails({ scorer, results }: { scorer: Interviewer; results: Result[] }): void {
  console.log(`\n${scorer.modelName}, by language:`);
  for (const language of [...new Set(results.map((r) => r.sample.language))]) {
    const a = agreement(scoredPairs(results, (s) => s.language === language));
    console.log(`  ${language}: ${a.n} answers, exact ${percent(a.exact)}, within one ${percent(a.withinOne)}`);
  }
  const failed = results.filter((r) => r.error !== null);
  if (failed.length > 0) {
    console.log(`  ${failed.length} answers could not be scored (left out above):`);
    for (const r of failed) console.log(`    ${r.sample.id}: ${r.error}`);
  }
  const far = results.filter((r) => r.score !== null && Math.abs(r.score - r.sample.grade) >= 2);
  if (far.length > 0) console.log(`  Two or more points from the grade: ${far.map((r) => `${r.sample.id} (graded ${r.sample.grade}, scored ${r.score})`).join(', ')}`);
}
