import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Candidate, Interview, InterviewSource, InterviewStatus, Message, MessageKind, MessageRole } from '../interviews/interview.entity.js';
import { questionsFor } from '../interviews/interview.service.js';
import { hashPassword } from '../orgs/auth.service.js';
import { Membership, Org, Role, User } from '../orgs/org.entity.js';
import { AnswerScore, Evaluation, Recommendation } from '../scoring/evaluation.entity.js';
import { createOrg, gql, signIn, startHarness, TEST_PASSWORD, type GqlReply, type Harness } from '../test/harness.js';
import { Job, Question, type Rubric } from './job.entity.js';

// Recruiters' edits to a job's questions over GraphQL. Interviews keep referring to the questions
// they asked, so the tests look at the rows as well as at what the API answers.

const JOB = 'query($id: ID!) { job(id: $id) { id description interviewCount questions { id position text competency weight rubric { level description } } } }';
const UPDATE = 'mutation($id: ID!, $input: QuestionInput!) { updateQuestion(id: $id, input: $input) { id position text competency weight rubric { level description } } }';
const ADD = 'mutation($job: ID!, $input: QuestionInput!) { addQuestion(jobId: $job, input: $input) { id position text } }';
const REMOVE = 'mutation($id: ID!) { removeQuestion(id: $id) }';
const REORDER = 'mutation($job: ID!, $ids: [ID!]!) { reorderQuestions(jobId: $job, questionIds: $ids) { id position } }';
const REGENERATE = 'mutation($job: ID!) { regenerateQuestions(jobId: $job) { id position text competency weight rubric { level description } } }';
const DESCRIBE = 'mutation($job: ID!, $d: String!) { updateJobDescription(jobId: $job, description: $d) { id description } }';

const RUBRIC: Rubric = { '1': 'No example.', '2': 'A vague example.', '3': 'A concrete example.', '4': 'Concrete, with results.', '5': 'Concrete, measured, reflective.' };
const RUBRIC_LEVELS = Object.entries(RUBRIC).map(([level, description]) => ({ level: Number(level), description }));
const INPUT = { text: '  Tell me about a time you improved a slow API.  ', competency: ' Performance ', weight: 3, rubric: RUBRIC_LEVELS };
const DESCRIPTION = ['We build logistics software.', '', 'REQUIREMENTS', '- Operating Postgres in production', '- Designing idempotent queue consumers', '', 'WHAT YOU WILL DO', '- Own the billing service'].join('\n');

let h: Harness;
let org: Org;
let cookie: string;
let viewerCookie: string;
let otherCookie: string;

beforeAll(async () => {
  h = await startHarness({ label: 'questions' });
  org = (await createOrg(h)).org;
  cookie = await signIn(h.baseUrl);
  const fork = h.app.services.orm.em.fork();
  const viewer = fork.create(User, { email: 'viewer@brightlane.example.com', name: 'Vic Viewer', passwordHash: await hashPassword(TEST_PASSWORD) });
  fork.create(Membership, { org: org.id, user: viewer, role: Role.VIEWER });
  await fork.flush();
  viewerCookie = await signIn(h.baseUrl, 'viewer@brightlane.example.com');
  await createOrg(h, 'Northwind Ltd', 'owner@northwind.example.com');
  otherCookie = await signIn(h.baseUrl, 'owner@northwind.example.com');
});
afterAll(async () => {
  await h?.close();
});

const em = () => h.app.services.orm.em.fork();

function errorsOf(reply: GqlReply<unknown>) {
  return reply.errors?.map((e) => ({ message: e.message, extensions: e.extensions }));
}

function op(query: string, variables: Record<string, unknown> = {}, auth = cookie) {
  return gql(h.baseUrl, query, variables, { cookie: auth });
}

/** A mirrored job with three questions, as the Ashby path would leave it. */
async function createJob(opts: { description?: string | null; descriptionBody?: string | null } = {}): Promise<{ job: Job; questions: Question[] }> {
  const fork = em();
  const job = fork.create(Job, { org: org.id, ashbyJobId: randomUUID(), title: 'Backend Engineer', description: opts.description ?? null, descriptionBody: opts.descriptionBody ?? null, questionsGeneratedBy: 'test' });
  const questions = [1, 2, 3].map((position) => fork.create(Question, { job, position, text: `Original question number ${position}?`, competency: `Competency ${position}`, rubric: RUBRIC, weight: 2 }));
  await fork.flush();
  return { job, questions };
}

/** Every question row of the job, archived ones included. */
async function rowsOf(job: Job) {
  const rows = await em().find(Question, { job: job.id }, { orderBy: { position: 'asc', archivedAt: 'asc' } });
  return rows.map((q) => ({ id: q.id, position: q.position, text: q.text, archived: q.archivedAt !== null }));
}

/** An interview of the job; `uses` says how it refers to the question, as each stage of an interview does. */
async function interviewUsing(job: Job, question: Question, uses: 'snapshot' | 'message' | 'answer score' | 'nothing'): Promise<Interview> {
  const fork = em();
  const candidate = fork.create(Candidate, { org: org.id, ashbyCandidateId: randomUUID(), name: 'Sam Candidate', email: 'sam@example.com', profileUrl: null });
  const interview = fork.create(Interview, {
    org: org.id, job: job.id, candidate, ashbyApplicationId: randomUUID(), source: InterviewSource.STAGE_CHANGE,
    linkTokenHash: randomUUID(), expiresAt: new Date(Date.now() + 86_400_000), status: uses === 'nothing' ? InterviewStatus.INVITED : InterviewStatus.IN_PROGRESS,
  });
  if (uses === 'snapshot') interview.questionIds = [question.id];
  if (uses === 'message') fork.create(Message, { interview, seq: 1, role: MessageRole.INTERVIEWER, kind: MessageKind.QUESTION, text: question.text, question: question.id });
  if (uses === 'answer score') {
    const evaluation = fork.create(Evaluation, { interview, overallScore: 3, recommendation: Recommendation.NO, summary: 'Test.', model: 'test', promptVersion: 'test', settings: {} });
    fork.create(AnswerScore, { evaluation, question: question.id, questionText: question.text, score: 3, weight: 2, rationale: 'Test.', evidence: [] });
  }
  await fork.flush();
  return interview;
}

describe('updateQuestion', () => {
  test('edits a question no interview has used in place', async () => {
    const { job, questions } = await createJob();
    const target = questions[1]!;

    const reply = await op(UPDATE, { id: target.id, input: INPUT });

    expect(reply.data).toEqual({ updateQuestion: { id: target.id, position: 2, text: 'Tell me about a time you improved a slow API.', competency: 'Performance', weight: 3, rubric: RUBRIC_LEVELS } });
    expect(await rowsOf(job)).toEqual([
      { id: questions[0]!.id, position: 1, text: 'Original question number 1?', archived: false },
      { id: target.id, position: 2, text: 'Tell me about a time you improved a slow API.', archived: false },
      { id: questions[2]!.id, position: 3, text: 'Original question number 3?', archived: false },
    ]);
  });

  test.each(['snapshot', 'message', 'answer score'] as const)('archives a question an interview used (by its %s) and puts a new one in its place', async (uses) => {
    const { job, questions } = await createJob();
    const target = questions[1]!;
    const interview = await interviewUsing(job, target, uses);

    const reply = await op(UPDATE, { id: target.id, input: INPUT });

    const replacement = reply.data!.updateQuestion;
    expect(replacement).toEqual({ id: expect.any(String), position: 2, text: 'Tell me about a time you improved a slow API.', competency: 'Performance', weight: 3, rubric: RUBRIC_LEVELS });
    expect(replacement.id).not.toBe(target.id);
    expect(await rowsOf(job)).toEqual([
      { id: questions[0]!.id, position: 1, text: 'Original question number 1?', archived: false },
      { id: target.id, position: 2, text: 'Original question number 2?', archived: true },
      { id: replacement.id, position: 2, text: 'Tell me about a time you improved a slow API.', archived: false },
      { id: questions[2]!.id, position: 3, text: 'Original question number 3?', archived: false },
    ]);
    const listed = await op(JOB, { id: job.id });
    expect(listed.data!.job.questions.map((q: { id: string }) => q.id)).toEqual([questions[0]!.id, replacement.id, questions[2]!.id]);
    if (uses === 'snapshot') expect((await questionsFor(em(), await em().findOneOrFail(Interview, interview.id))).map((q) => q.text)).toEqual(['Original question number 2?']);
  });

  test('an interview that has not started yet does not pin the question: it is edited in place and asked as edited', async () => {
    const { job, questions } = await createJob();
    const interview = await interviewUsing(job, questions[0]!, 'nothing');

    const reply = await op(UPDATE, { id: questions[0]!.id, input: INPUT });

    expect(reply.data!.updateQuestion.id).toBe(questions[0]!.id);
    const asked = await questionsFor(em(), await em().findOneOrFail(Interview, interview.id));
    expect(asked.map((q) => q.text)).toEqual(['Tell me about a time you improved a slow API.', 'Original question number 2?', 'Original question number 3?']);
  });

  test('reports every invalid field at once and changes nothing', async () => {
    const { job, questions } = await createJob();
    const before = await rowsOf(job);

    const reply = await op(UPDATE, { id: questions[0]!.id, input: { text: 'Too short', competency: 'x', weight: 4, rubric: RUBRIC_LEVELS.slice(0, 4) } });

    expect(reply.data).toBeNull();
    expect(errorsOf(reply)).toMatchInlineSnapshot(`
      [
        {
          "extensions": {
            "code": "BAD_USER_INPUT",
            "fields": {
              "competency": "Name the competency in 2 to 120 characters (it has 1).",
              "rubric": "Describe each rubric level 1 to 5 exactly once; got levels 1, 2, 3, 4.",
              "text": "Write the question in 10 to 600 characters (it has 9).",
              "weight": "Choose a weight from 1 (nice to have) to 3 (essential); got 4.",
            },
          },
          "message": "The question was not saved: Write the question in 10 to 600 characters (it has 9). Name the competency in 2 to 120 characters (it has 1). Choose a weight from 1 (nice to have) to 3 (essential); got 4. Describe each rubric level 1 to 5 exactly once; got levels 1, 2, 3, 4.",
        },
      ]
    `);
    expect(await rowsOf(job)).toEqual(before);
  });

  test.each([
    ['a level twice', [...RUBRIC_LEVELS.slice(0, 4), { level: 4, description: 'Again.' }], { rubric: 'Describe each rubric level 1 to 5 exactly once; got levels 1, 2, 3, 4, 4.' }],
    ['a level outside 1–5', [...RUBRIC_LEVELS.slice(0, 4), { level: 6, description: 'Beyond.' }], { rubric: 'Describe each rubric level 1 to 5 exactly once; got levels 1, 2, 3, 4, 6.' }],
    ['a blank level', RUBRIC_LEVELS.map((l) => (l.level === 3 ? { level: 3, description: '  ' } : l)), { 'rubric.3': 'Describe what an answer at level 3 looks like.' }],
    ['a text of 601 characters', RUBRIC_LEVELS, { text: 'Write the question in 10 to 600 characters (it has 601).' }],
  ])('refuses a rubric or text with %s, naming the field', async (what, rubric, fields) => {
    const { questions } = await createJob();
    const text = what.startsWith('a text') ? `${'x'.repeat(600)}?` : INPUT.text;

    const reply = await op(UPDATE, { id: questions[0]!.id, input: { ...INPUT, text, rubric } });

    expect(reply.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', fields });
  });

  test('accepts the limits exactly: 10 and 600 characters, competency of 2 and 120, weights 1 and 3', async () => {
    const { questions } = await createJob();
    for (const [text, competency, weight] of [['x'.repeat(10), 'ab', 1], ['y'.repeat(600), 'c'.repeat(120), 3]] as const) {
      const reply = await op(UPDATE, { id: questions[0]!.id, input: { text, competency, weight, rubric: RUBRIC_LEVELS } });
      expect(reply.errors).toBeUndefined();
      expect(reply.data!.updateQuestion).toMatchObject({ text, competency, weight });
    }
  });
});

describe('adding, removing and ordering', () => {
  test('addQuestion appends after the current questions', async () => {
    const { job } = await createJob();

    const reply = await op(ADD, { job: job.id, input: INPUT });

    expect(reply.data).toEqual({ addQuestion: { id: expect.any(String), position: 4, text: 'Tell me about a time you improved a slow API.' } });
    expect((await op(JOB, { id: job.id })).data!.job.questions.map((q: { position: number }) => q.position)).toEqual([1, 2, 3, 4]);
    expect(errorsOf(await op(ADD, { job: job.id, input: { ...INPUT, weight: 0 } }))![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', fields: { weight: 'Choose a weight from 1 (nice to have) to 3 (essential); got 0.' } });
  });

  test('removeQuestion archives the question, closes the gap, and keeps it for the interviews that asked it', async () => {
    const { job, questions } = await createJob();
    const interview = await interviewUsing(job, questions[0]!, 'snapshot');

    const reply = await op(REMOVE, { id: questions[0]!.id });

    expect(reply.data).toEqual({ removeQuestion: true });
    expect(await rowsOf(job)).toEqual([
      { id: questions[0]!.id, position: 1, text: 'Original question number 1?', archived: true },
      { id: questions[1]!.id, position: 1, text: 'Original question number 2?', archived: false },
      { id: questions[2]!.id, position: 2, text: 'Original question number 3?', archived: false },
    ]);
    expect((await questionsFor(em(), await em().findOneOrFail(Interview, interview.id))).map((q) => q.id)).toEqual([questions[0]!.id]);
    expect(errorsOf(await op(UPDATE, { id: questions[0]!.id, input: INPUT }))).toEqual([{ message: 'The question was not found.', extensions: { code: 'NOT_FOUND' } }]);
    expect(errorsOf(await op(REMOVE, { id: questions[0]!.id }))).toEqual([{ message: 'The question was not found.', extensions: { code: 'NOT_FOUND' } }]);
  });

  test('the last question cannot be removed', async () => {
    const { job, questions } = await createJob();
    await op(REMOVE, { id: questions[0]!.id });
    await op(REMOVE, { id: questions[1]!.id });

    const reply = await op(REMOVE, { id: questions[2]!.id });

    expect(errorsOf(reply)).toEqual([{ message: 'A job needs at least one question. Add another question before removing this one.', extensions: { code: 'CONFLICT' } }]);
    expect((await rowsOf(job)).filter((q) => !q.archived)).toEqual([{ id: questions[2]!.id, position: 1, text: 'Original question number 3?', archived: false }]);
  });

  test('reorderQuestions puts the questions in the given order', async () => {
    const { job, questions } = await createJob();
    const ids = [questions[2]!.id, questions[0]!.id, questions[1]!.id];

    const reply = await op(REORDER, { job: job.id, ids });

    expect(reply.data).toEqual({ reorderQuestions: ids.map((id, i) => ({ id, position: i + 1 })) });
    expect((await op(JOB, { id: job.id })).data!.job.questions.map((q: { id: string }) => q.id)).toEqual(ids);
  });

  test.each([
    ['one missing', (q: Question[]) => [q[0]!.id, q[1]!.id], '1 missing'],
    ['one repeated', (q: Question[]) => [q[0]!.id, q[1]!.id, q[2]!.id, q[2]!.id], '1 repeated'],
    ['one unknown', (q: Question[]) => [q[0]!.id, q[1]!.id, q[2]!.id, randomUUID()], '1 not among them'],
    ['an archived one instead of a current one', (q: Question[], archived: string) => [q[0]!.id, q[1]!.id, archived], '1 missing, 1 not among them'],
  ])('reorderQuestions refuses a list with %s and keeps the order', async (_what, idsOf, problem) => {
    const { job, questions } = await createJob();
    const removed = (await op(ADD, { job: job.id, input: INPUT })).data!.addQuestion.id as string;
    await op(REMOVE, { id: removed });
    const before = await rowsOf(job);

    const reply = await op(REORDER, { job: job.id, ids: idsOf(questions, removed) });

    expect(errorsOf(reply)).toEqual([
      {
        message: `List each of the job's 3 current questions exactly once (${problem}). Reload the job and try again.`,
        extensions: { code: 'BAD_USER_INPUT', fields: { questionIds: "Each of the job's 3 current questions exactly once." } },
      },
    ]);
    expect(await rowsOf(job)).toEqual(before);
  });
});

describe('regenerating and the description', () => {
  test("regenerateQuestions archives the current questions and writes new ones from the job's own part of the description", async () => {
    const { job, questions } = await createJob({ description: `About us: a long company story.\n\n${DESCRIPTION}\n\nBENEFITS\n- A bike`, descriptionBody: DESCRIPTION });
    const expected = await h.app.services.interviewer.generateQuestions({ title: 'Backend Engineer', description: DESCRIPTION });

    const reply = await op(REGENERATE, { job: job.id });

    expect(reply.errors).toBeUndefined();
    const generated = reply.data!.regenerateQuestions as { id: string; position: number; text: string; competency: string; weight: number; rubric: unknown }[];
    expect(generated.map(({ id: _id, ...q }) => q)).toEqual(expected.map((q, i) => ({ position: i + 1, text: q.text, competency: q.competency, weight: q.weight, rubric: Object.entries(q.rubric).map(([level, description]) => ({ level: Number(level), description })) })));
    expect(generated[0]!.text).toContain('Operating Postgres in production');
    const rows = await rowsOf(job);
    expect(rows.filter((r) => r.archived).map((r) => r.id).sort()).toEqual(questions.map((q) => q.id).sort());
    expect(rows.filter((r) => !r.archived).map((r) => r.id)).toEqual(generated.map((q) => q.id));
    expect((await em().findOneOrFail(Job, job.id)).questionsGeneratedBy).toBe(h.app.services.interviewer.label);
  });

  test('updateJobDescription sets the text that regenerating then uses', async () => {
    const { job } = await createJob();
    const description = ['A small team shipping a payments API.', '', 'YOU HAVE', '- Built webhooks that are retried safely', '- Written clear API documentation'].join('\n');

    const reply = await op(DESCRIBE, { job: job.id, d: `  ${description}\n` });
    const regenerated = await op(REGENERATE, { job: job.id });

    expect(reply.data).toEqual({ updateJobDescription: { id: job.id, description } });
    const stored = await em().findOneOrFail(Job, job.id);
    expect({ description: stored.description, descriptionBody: stored.descriptionBody }).toEqual({ description, descriptionBody: description });
    const expected = await h.app.services.interviewer.generateQuestions({ title: 'Backend Engineer', description });
    expect(regenerated.data!.regenerateQuestions.map((q: { text: string }) => q.text)).toEqual(expected.map((q) => q.text));
    expect(regenerated.data!.regenerateQuestions[0].text).toContain('Built webhooks that are retried safely');
  });

  test('an empty description is refused', async () => {
    const { job } = await createJob({ description: 'Kept as it was.' });

    const reply = await op(DESCRIBE, { job: job.id, d: ' \n ' });

    expect(errorsOf(reply)).toEqual([{ message: 'Enter the job description: what the role involves and what it asks for.', extensions: { code: 'BAD_USER_INPUT', fields: { description: 'Enter the job description.' } } }]);
    expect((await em().findOneOrFail(Job, job.id)).description).toBe('Kept as it was.');
  });

  test('interviewCount counts the interviews of that job only', async () => {
    const { job, questions } = await createJob();
    const { job: quiet } = await createJob();
    await interviewUsing(job, questions[0]!, 'nothing');
    await interviewUsing(job, questions[0]!, 'snapshot');

    const reply = await op('query($a: ID!, $b: ID!) { a: job(id: $a) { interviewCount } b: job(id: $b) { interviewCount } }', { a: job.id, b: quiet.id });

    expect(reply.data).toEqual({ a: { interviewCount: 2 }, b: { interviewCount: 0 } });
  });
});

describe('access', () => {
  const mutations = (job: Job, questions: Question[]) => [
    ['updateQuestion', UPDATE, { id: questions[0]!.id, input: INPUT }],
    ['addQuestion', ADD, { job: job.id, input: INPUT }],
    ['removeQuestion', REMOVE, { id: questions[0]!.id }],
    ['reorderQuestions', REORDER, { job: job.id, ids: [questions[2]!.id, questions[1]!.id, questions[0]!.id] }],
    ['regenerateQuestions', REGENERATE, { job: job.id }],
    ['updateJobDescription', DESCRIBE, { job: job.id, d: 'A new description of the role.' }],
  ] as const;

  test('a viewer gets FORBIDDEN on every question and job mutation, and nothing changes', async () => {
    const { job, questions } = await createJob({ description: 'Unchanged.' });
    const before = await rowsOf(job);

    for (const [name, mutation, variables] of mutations(job, questions)) {
      const reply = await op(mutation, variables, viewerCookie);
      expect({ name, data: reply.data, errors: errorsOf(reply) }).toEqual({
        name,
        data: null,
        errors: [{ message: 'Viewers can look but not change interviews. Ask an admin for the recruiter role.', extensions: { code: 'FORBIDDEN' } }],
      });
    }
    expect(await rowsOf(job)).toEqual(before);
    expect((await em().findOneOrFail(Job, job.id)).description).toBe('Unchanged.');
  });

  test("another organisation's jobs and questions are not found, and nothing changes", async () => {
    const { job, questions } = await createJob({ description: 'Unchanged.' });
    const before = await rowsOf(job);

    for (const [name, mutation, variables] of mutations(job, questions)) {
      const reply = await gql(h.baseUrl, mutation, variables, { cookie: otherCookie });
      const what = name === 'updateQuestion' || name === 'removeQuestion' ? 'question' : 'job';
      expect({ name, data: reply.data, errors: errorsOf(reply) }).toEqual({ name, data: null, errors: [{ message: `The ${what} was not found.`, extensions: { code: 'NOT_FOUND' } }] });
    }
    expect(await rowsOf(job)).toEqual(before);
    expect((await em().findOneOrFail(Job, job.id)).description).toBe('Unchanged.');
    expect((await gql(h.baseUrl, JOB, { id: job.id }, { cookie: otherCookie })).data).toEqual({ job: null });
  });
});
