import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CandidateClient, connectAshby, createOrg, eventually, gql, linkIn, signIn, startHarness, tokenOf, type Harness } from './harness.js';

const APPLICATION_ID = '586115ce-2dbd-49e2-8ec7-b29d770354d9';
const CANDIDATE_ID = '8f1f13df-61fe-461a-a3a7-f4d316cfa017';

const ANSWERS = [
  'For example, I led the migration of our order pipeline to idempotent queue consumers in 2023. We processed about 40000 jobs a day with at-least-once delivery, so I designed dedupe keys stored in Postgres and cut duplicate charges to zero.',
  'I tuned a slow reporting query from 9 seconds to 120 ms by adding a covering index, and I planned a zero-downtime column rename with a dual-write period and a backfill in batches of 5000 rows.',
  'Mostly I have written REST APIs with Fastify and a GraphQL gateway for our dashboard; I care about clear error codes and versioning.',
  'Not much.',
];
/** Replies to a follow-up, by question number: only the thin third and fourth answers get one. */
const FOLLOW_UP_ANSWERS: Record<number, string> = {
  3: 'For example, I versioned our public API with a date header and kept two versions live for six months.',
  4: 'Nothing more to add, sorry.',
};
/** The interviewer's messages in order: the built-in rules also follow up on the vague third answer, the fake model only on the two-word fourth. */
const EXPECTED_KINDS = {
  builtin: ['question', 'question', 'question', 'follow_up', 'question', 'follow_up', 'closing'],
  openai: ['question', 'question', 'question', 'question', 'follow_up', 'closing'],
};

/** The main path on real parts, once per interviewer kind. */
describe.each(['builtin', 'openai'] as const)('stage change to scored Ashby note (%s interviewer)', (model) => {
  let h: Harness;
  let cookie: string;

  beforeAll(async () => {
    h = await startHarness({ label: `e2e_${model}`, model });
    await createOrg(h);
    cookie = await signIn(h.baseUrl);
  });
  afterAll(async () => {
    await h?.close();
  });

  test('a signed stage change into the trigger stage ends as a note with score, recommendation and a transcript link', async () => {
    const { webhookUrl, signingSecret } = await connectAshby(h, cookie);

    const ping = await h.ashby.sendPing({ url: webhookUrl, secret: signingSecret });
    expect(ping.status).toBe(200);

    const delivery = await h.ashby.deliverStageChange({ url: webhookUrl, secret: signingSecret, applicationId: APPLICATION_ID, stageTitle: 'AI Screening Interview' });
    expect(delivery.attempts.map((a) => a.status)).toEqual([200, 200]);

    // The invitation arrives over SMTP with the candidate's unique link.
    const invite = await h.mail.waitFor((m) => m.to.includes('priya.okafor@example.com'), 20_000);
    expect(invite.subject).toBe('Your screening interview for Senior Backend Engineer (TypeScript) at Brightlane Labs');
    const link = linkIn(invite);
    expect(link.startsWith(`${h.baseUrl}/i/`)).toBe(true);

    // Opening the link (as a mail scanner would) consumes nothing.
    const info = await fetch(`${h.baseUrl}/api/interview-link/${tokenOf(link)}`).then((r) => r.json());
    expect(info).toMatchObject({ status: 'not_started', orgName: 'Brightlane Labs', jobTitle: 'Senior Backend Engineer (TypeScript)', candidateFirstName: 'Priya', questionCount: 4 });
    expect(info.interviewer.builtIn).toBe(model === 'builtin');

    const candidate = await CandidateClient.open(h.baseUrl, tokenOf(link));
    expect(candidate.state).toMatchObject({ status: 'not_started', messages: [] });
    expect(await candidate.emit('start')).toEqual({ ok: true });

    const questions = await listQuestions(h, cookie);
    const sent: string[] = [];
    const kinds: string[] = [];
    for (let asked = 0; kinds.at(-1) !== 'closing'; asked++) {
      const message = await candidate.nextQuestion(asked);
      kinds.push(message.kind);
      if (message.kind === 'closing') {
        expect(message.text).toContain('Your answers have been saved');
        break;
      }
      const n = message.questionNumber!;
      if (message.kind === 'question') expect(message.text).toContain(`Question ${n} of ${questions.length}: ${questions[n - 1]}`);
      const text = message.kind === 'follow_up' ? FOLLOW_UP_ANSWERS[n]! : ANSWERS[n - 1]!;
      sent.push(text);
      const ack = await candidate.answer(text);
      expect(ack.seq).toBe(message.seq + 1);
    }
    expect(kinds).toEqual(EXPECTED_KINDS[model]);
    await candidate.until(() => candidate.statuses.includes('finished'), 'the finished status');
    expect(candidate.deltas.length).toBeGreaterThan(questions.length);
    candidate.close();

    // The note reaches Ashby with the score, recommendation, summary and transcript link.
    const note = await eventually(() => h.ashby.notes.find((n) => n.candidateId === CANDIDATE_ID), 'the note in Ashby', 20_000);
    const result = await gql(h.baseUrl, `query { interviews { nodes { id status transcriptUrl evaluation { overallScore recommendation summary model } answerScores { score evidence } pushbacks { status ashbyRef } } } }`, {}, { cookie });
    const interview = result.data!.interviews.nodes[0];
    expect(interview.status).toBe('SCORED');
    const label = { STRONG_YES: 'Strong yes', YES: 'Yes', NO: 'No', STRONG_NO: 'Strong no' }[interview.evaluation.recommendation as string];
    expect(note.type).toBe('text/html');
    expect(note.content).toContain(`<b>Overall score:</b> ${interview.evaluation.overallScore.toFixed(1)} / 5`);
    expect(note.content).toContain(`<b>Recommendation:</b> ${label}`);
    expect(note.content).toContain(`<a href="${interview.transcriptUrl}">Full transcript and scoring</a>`);
    expect(note.content).toContain(model === 'builtin' ? 'Built-in interviewer (scripted, not AI)' : 'AI interviewer (fake-model)');
    expect(note.content).toBe(note.value); // nothing outside Ashby's allowed HTML was sent
    expect(interview.pushbacks).toEqual([{ status: 'POSTED', ashbyRef: expect.any(String) }]);
    expect(interview.evaluation.model).toBe(model === 'builtin' ? 'built-in scorer (not AI)' : 'fake-model');
    // The detailed first answers outscore the two-word last one, and every evidence quote is from the answers.
    const scores = interview.answerScores.map((s: { score: number }) => s.score);
    expect(scores[0]).toBeGreaterThan(scores[3]);
    for (const s of interview.answerScores as { evidence: string[] }[]) for (const quote of s.evidence) expect(sent.some((a) => a.includes(quote))).toBe(true);

    // The transcript link opens for a signed-in recruiter of the org and shows the conversation.
    expect(interview.transcriptUrl).toBe(`${h.baseUrl}/interviews/${interview.id}`);
    const transcript = await gql(h.baseUrl, 'query($id: ID!) { interview(id: $id) { messages { seq role text } } }', { id: interview.id }, { cookie });
    const messages = transcript.data!.interview.messages as { role: string; text: string }[];
    expect(messages.filter((m) => m.role === 'CANDIDATE').map((m) => m.text)).toEqual(sent);
    expect(messages.at(-1)!.role).toBe('INTERVIEWER');
  });
});

async function listQuestions(h: Harness, cookie: string): Promise<string[]> {
  const jobs = await eventually(async () => {
    const reply = await gql(h.baseUrl, 'query { jobs { questions { text } } }', {}, { cookie });
    return reply.data?.jobs.length ? reply.data.jobs : null;
  }, 'the mirrored job');
  return jobs[0].questions.map((q: { text: string }) => q.text);
}
