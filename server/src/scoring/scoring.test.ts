import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { scoreAnswer as fakeModelScore } from '../../../scripts/fake-openai/answer-scoring.js';
import { PROMPT_VERSION } from '../ai/interviewer.js';
import { Interview, InterviewStatus } from '../interviews/interview.entity.js';
import { SCORE_INTERVIEW } from '../interviews/conversation.service.js';
import { CandidateClient, connectAshby, createOrg, eventually, inviteCandidate, runPostponedNow, signIn, startHarness, tasksFor, whenIdle, type Harness } from '../test/harness.js';
import { AnswerScore, Evaluation } from './evaluation.entity.js';

// Scoring through the fake model: evidence checked by code, faults retried without ever storing
// a partial or cut-off evaluation, and re-scoring that writes a complete new evaluation.

const ANSWERS = [
  'In 2023 I led the move of our billing jobs to idempotent queue consumers. We cut   duplicate charges to zero within a month.',
  'I tuned a slow reporting query from 9 seconds to 120 ms by adding a covering index and rewriting one join in our Postgres database.',
  'I design REST and GraphQL APIs with clear error codes; for example, our public API kept two versions live for six months during a migration.',
  'I write a short proposal before any change that touches two teams, and for example my queue split proposal was reviewed and shipped in a week.',
];

let h: Harness;
let webhook: { webhookUrl: string; signingSecret: string };

beforeAll(async () => {
  h = await startHarness({ label: 'scoring', model: 'openai' });
  await createOrg(h);
  webhook = await connectAshby(h, await signIn(h.baseUrl));
});
afterAll(async () => {
  await h?.close();
});
beforeEach(() => {
  expect(h.openai!.pendingReplies()).toBe(0);
});

/** Takes an interview to its end; scoring starts right after. Faults for scoring are queued before. */
async function completeInterview(): Promise<string> {
  const invited = await inviteCandidate(h, webhook);
  const tab = await CandidateClient.open(h.baseUrl, invited.token);
  try {
    expect(await tab.emit('start')).toEqual({ ok: true });
    for (let i = 0; i < ANSWERS.length; i++) {
      const asked = await tab.nextQuestion(i);
      expect(asked).toMatchObject({ kind: 'question', questionNumber: i + 1 });
      expect((await tab.answer(ANSWERS[i]!)).error).toBeUndefined();
    }
    expect((await tab.nextQuestion(ANSWERS.length)).kind).toBe('closing');
  } finally {
    tab.close();
  }
  return invited.interviewId;
}

async function evaluations(interviewId: string) {
  const em = h.app.services.orm.em.fork();
  const rows = await em.find(Evaluation, { interview: interviewId }, { orderBy: { createdAt: 'asc' } });
  return Promise.all(
    rows.map(async (e) => ({
      evaluation: e,
      scores: (await em.find(AnswerScore, { evaluation: e }, { populate: ['question'] })).sort((a, b) => a.question!.position - b.question!.position),
    })),
  );
}

async function scored(interviewId: string, count = 1) {
  return eventually(async () => {
    const all = await evaluations(interviewId);
    return all.length >= count ? all : null;
  }, `${count} evaluation(s)`, 20_000);
}

function scoringTask(interviewId: string) {
  return eventually(async () => (await tasksFor(h, interviewId)).find((t) => t.kind === SCORE_INTERVIEW && t.attempts > 0 && t.status !== 'running'), 'the scoring task to have run');
}

async function runScoringNow(interviewId: string): Promise<void> {
  expect(await runPostponedNow(h, SCORE_INTERVIEW, interviewId)).toBe(1);
}

function scoreReply(score: number, evidence: string[]) {
  return { content: JSON.stringify({ score, rationale: `Level ${score}.`, evidence }) };
}

describe('evidence', () => {
  test('quotes found in the answer are stored as the answer has them; invented ones are dropped', async () => {
    h.openai!.enqueueFor('answer_score', scoreReply(4, ['we cut duplicate charges to zero', 'I rewrote the whole billing system in Rust', '“I led the move of our billing jobs to idempotent queue consumers.”']));
    const id = await completeInterview();

    const [{ scores }] = await scored(id);
    expect(scores[0]!.score).toBe(4);
    expect(scores[0]!.evidence).toEqual(['We cut   duplicate charges to zero', 'I led the move of our billing jobs to idempotent queue consumers']);
    for (const [i, s] of scores.entries()) for (const quote of s.evidence) expect(ANSWERS[i]).toContain(quote);
  });

  test('a score above 2 that no quote in the answer supports is asked for again, then capped at 2', async () => {
    h.openai!.enqueueFor('answer_score', scoreReply(5, ['Outstanding leadership throughout.']), scoreReply(5, []));
    const before = h.openai!.requests.length;
    const id = await completeInterview();

    const [{ scores }] = await scored(id);
    expect(scores[0]!.score).toBe(2);
    expect(scores[0]!.evidence).toEqual([]);
    expect(scores[0]!.rationale).toBe('Level 5. Capped at 2 by Prelim: the scorer gave 5 but none of its quotes could be found in the answer.');
    const scoreCalls = h.openai!.requests.slice(before).filter((r) => r.response_format?.type === 'json_schema' && r.response_format.json_schema.name === 'answer_score');
    expect(scoreCalls).toHaveLength(5);
  });
});

describe('faults', () => {
  test('a rate limit asking for an hour postpones scoring by at most 10 minutes, storing nothing meanwhile', async () => {
    h.openai!.enqueueFor('answer_score', scoreReply(3, []), { fault: 'rate_limited', retryAfter: '3600' });
    const id = await completeInterview();

    expect(await scoringTask(id)).toMatchObject({ status: 'queued', attempts: 1 });
    const [{ wait_s }] = await h.app.services.orm.em.fork().getConnection().execute<{ wait_s: number }[]>(
      `select extract(epoch from run_at - now()) as wait_s from task where kind = ? and payload->>'interviewId' = ?`,
      [SCORE_INTERVIEW, id],
    );
    expect(Number(wait_s)).toBeGreaterThan(590);
    expect(Number(wait_s)).toBeLessThanOrEqual(600);
    expect(await evaluations(id)).toEqual([]);
    expect(await h.app.services.orm.em.fork().count(AnswerScore, { evaluation: { interview: id } })).toBe(0);
    expect((await h.app.services.orm.em.fork().findOneOrFail(Interview, id)).status).toBe(InterviewStatus.COMPLETED);

    await runScoringNow(id);
    const [{ scores }] = await scored(id);
    expect(scores.map((s) => s.score)).toEqual(ANSWERS.map((a) => fakeModelScore(a).score));
  });

  test('server errors past the client\'s own retries fail the attempt; the next attempt stores a complete evaluation', async () => {
    h.openai!.enqueueFor('answer_score', scoreReply(3, []), { fault: 'server_error', status: 500 }, { fault: 'server_error', status: 502 }, { fault: 'server_error', status: 503 });
    const id = await completeInterview();

    const [{ scores }] = await scored(id);
    expect(scores).toHaveLength(4);
    expect((await whenIdle(h, id)).find((t) => t.kind === SCORE_INTERVIEW)).toMatchObject({ status: 'done', attempts: 2 });
  });

  test('a reply cut off at the token limit is never stored as a score', async () => {
    const cut = { fault: 'truncated' as const, content: '{"score": 5, "rationale": "Outstan' };
    h.openai!.enqueueFor('answer_score', cut, cut, cut);
    const id = await completeInterview();

    const [{ scores }] = await scored(id);
    expect(scores[0]!.score).toBe(fakeModelScore(ANSWERS[0]!).score);
    expect(scores[0]!.score).not.toBe(5);
    expect((await whenIdle(h, id)).find((t) => t.kind === SCORE_INTERVIEW)).toMatchObject({ status: 'done', attempts: 2 });
  });

  test('JSON in a markdown fence is read; a refusal and prose instead of JSON are asked again', async () => {
    h.openai!.enqueueFor(
      'answer_score',
      { content: `\`\`\`json\n${JSON.stringify({ score: 4, rationale: 'Fenced.', evidence: ['We cut duplicate charges to zero'] })}\n\`\`\`` },
      { fault: 'refusal', refusal: 'I would rather not grade people.' },
      { content: 'I think this answer deserves a 3.' },
      scoreReply(3, ['I tuned a slow reporting query from 9 seconds to 120 ms']),
    );
    const id = await completeInterview();

    const [{ scores }] = await scored(id);
    expect(scores.slice(0, 2).map((s) => [s.score, s.rationale])).toEqual([[4, 'Fenced.'], [3, 'Level 3.']]);
    expect((await whenIdle(h, id)).find((t) => t.kind === SCORE_INTERVIEW)).toMatchObject({ status: 'done', attempts: 1 });
  });

  test('a summary that fails leaves no evaluation until the whole scoring succeeds', async () => {
    h.openai!.enqueueFor('interview_summary', ...Array.from({ length: 3 }, () => ({ fault: 'refusal' as const, refusal: 'No.' })));
    const id = await completeInterview();

    expect(await scoringTask(id)).toMatchObject({ status: 'queued', attempts: 1 });
    expect(await evaluations(id)).toEqual([]);
    await runScoringNow(id);
    const [{ evaluation, scores }] = await scored(id);
    expect(scores).toHaveLength(4);
    expect(evaluation.summary).toMatch(/^The candidate answered 4 questions/);
  });
});

describe('what an evaluation records', () => {
  test('model, prompt version and settings; a rescore adds a complete new evaluation and keeps the old one', async () => {
    const id = await completeInterview();
    const [first] = await scored(id);
    expect({ model: first!.evaluation.model, promptVersion: first!.evaluation.promptVersion, settings: first!.evaluation.settings }).toEqual({
      model: 'fake-model',
      promptVersion: PROMPT_VERSION,
      settings: { temperature: 0, maxTokens: 1200, outputAttempts: 3, timeoutMs: 60_000, evidenceRequiredAbove: 2 },
    });

    h.openai!.enqueueFor('answer_score', scoreReply(1, []));
    await h.app.services.orm.em.fork().transactional((em) => h.app.services.queue.enqueue(em, SCORE_INTERVIEW, { interviewId: id, rescore: true }, { key: `score:${id}:rescore-test` }));
    const [old, fresh] = await scored(id, 2);

    expect(old!.scores.map((s) => s.score)).toEqual(first!.scores.map((s) => s.score));
    expect(fresh!.scores).toHaveLength(4);
    expect(fresh!.scores.map((s) => s.score)).toEqual([1, ...first!.scores.slice(1).map((s) => s.score)]);
    expect(fresh!.evaluation.overallScore).toBeLessThan(old!.evaluation.overallScore);
    expect((await h.app.services.orm.em.fork().findOneOrFail(Interview, id)).status).toBe(InterviewStatus.SCORED);
  });
});
