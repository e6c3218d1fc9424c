import { existsSync, readFileSync } from 'node:fs';

import OpenAI, {
  APIConnectionError,
  APIConnectionTimeoutError,
  BadRequestError,
  InternalServerError,
  RateLimitError,
} from 'openai';
import { LengthFinishReasonError } from 'openai/core/error';
import { zodResponseFormat } from 'openai/helpers/zod';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { z } from 'zod';

import { startFakeOpenAI, type FakeOpenAI } from './fake-openai.js';

const ScreeningQuestions = z.object({
  questions: z.array(
    z.object({
      text: z.string(),
      competency: z.string(),
      rubric: z.object({ '1': z.string(), '2': z.string(), '3': z.string(), '4': z.string(), '5': z.string() }),
      weight: z.number().int().min(1).max(3),
    }),
  ),
});
const AnswerScore = z.object({
  score: z.number().int().min(1).max(5),
  rationale: z.string(),
  evidence: z.array(z.string()).min(1).max(2),
});
const InterviewSummary = z.object({ summary: z.string(), strengths: z.array(z.string()), concerns: z.array(z.string()) });
const AnswerAssessment = z.object({ message_type: z.enum(['answer', 'role_question', 'off_topic', 'abusive']), needs_follow_up: z.boolean(), follow_up_question: z.string() });

const CONCRETE_ANSWER =
  'At my last company I led the move of our billing service from MySQL to PostgreSQL. ' +
  'We had about 40 million rows, so I designed a dual-write phase and a backfill job that we could pause. ' +
  'The cut-over took ten minutes with no downtime, and query latency for invoices dropped by half. ' +
  'Afterwards I wrote a short runbook so the next migration would be easier for the team.';

let fake: FakeOpenAI;
let client: OpenAI;

beforeAll(async () => {
  fake = await startFakeOpenAI();
  client = new OpenAI({ baseURL: fake.baseURL, apiKey: 'test', maxRetries: 0 });
});

afterAll(() => fake.close());

beforeEach(() => fake.setChunkDelay(0));

function readJobPosting(): { title: string; description: string } {
  const local = new URL('../fake-ashby/fixtures/job-posting-info.json', import.meta.url);
  const path = existsSync(local) ? local : '/work/shared/ashby/fixtures/job-posting-info.json';
  const { results } = JSON.parse(readFileSync(path, 'utf8'));
  return { title: results.title, description: results.descriptionParts.descriptionBody.plain };
}

function userMessage(content: string) {
  return { model: 'gpt-test', messages: [{ role: 'user' as const, content }] };
}

async function captureError(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

async function collectChunks(stream: AsyncIterable<ChatCompletionChunk>): Promise<ChatCompletionChunk[]> {
  const chunks: ChatCompletionChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

describe('chat completions', () => {
  test('answers a non-streamed request with a scripted reply in the real response shape', async () => {
    fake.enqueue({ content: 'Hello there, welcome.' });

    const completion = await client.chat.completions.create({
      model: 'gpt-test',
      messages: [
        { role: 'system', content: 'You are an interviewer.' },
        { role: 'user', content: 'Hi' },
      ],
    });

    expect(completion).toEqual({
      id: expect.stringMatching(/^chatcmpl-fake\d+$/),
      object: 'chat.completion',
      created: expect.any(Number),
      model: 'gpt-test',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: 'Hello there, welcome.', refusal: null },
          finish_reason: 'stop',
          logprobs: null,
        },
      ],
      usage: { prompt_tokens: 5, completion_tokens: 3, total_tokens: 8 },
    });
    expect(fake.requests.at(-1)?.messages).toEqual([
      { role: 'system', content: 'You are an interviewer.' },
      { role: 'user', content: 'Hi' },
    ]);
  });

  test('streams a reply in several chunks that join to the exact text, then usage', async () => {
    const text = 'Thanks for joining today. Let us start with your most recent role, if that works for you.';
    fake.enqueue({ content: text });

    const chunks = await collectChunks(
      await client.chat.completions.create({ ...userMessage('Hi'), stream: true, stream_options: { include_usage: true } }),
    );

    const choiceChunks = chunks.filter((chunk) => chunk.choices.length > 0);
    const contentChunks = choiceChunks.filter((chunk) => chunk.choices[0]!.delta.content);
    expect(choiceChunks[0]!.choices[0]!.delta).toEqual({ role: 'assistant', content: '', refusal: null });
    expect(contentChunks.length).toBe(6);
    expect(contentChunks.map((chunk) => chunk.choices[0]!.delta.content).join('')).toBe(text);
    expect(choiceChunks.at(-1)!.choices[0]!.finish_reason).toBe('stop');
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { prompt_tokens: 1, completion_tokens: 17, total_tokens: 18 } });
    expect(new Set(chunks.map((chunk) => chunk.id)).size).toBe(1);
  });

  test('works with the .stream() helper, which needs the role on the first delta', async () => {
    const stream = client.chat.completions.stream({
      ...userMessage('<answer>I mostly did frontend work.</answer>'),
      response_format: zodResponseFormat(AnswerAssessment, 'answer_assessment'),
    });

    const completion = await stream.finalChatCompletion();

    expect(completion.choices[0]!.message.parsed).toEqual({
      message_type: 'answer',
      needs_follow_up: true,
      follow_up_question: 'Could you give me a specific example of that, including what you did yourself and how it turned out?',
    });
  });

  test('spaces chunks by the chunk delay so a reply can be observed mid-stream', async () => {
    fake.setChunkDelay(40);
    fake.enqueue({ content: 'one two three four five six seven eight nine ten eleven twelve' });
    const stream = client.chat.completions.stream(userMessage('Hi'));
    const started = performance.now();
    let firstSnapshot: { text: string; atMs: number } | undefined;
    stream.on('content', (_delta, snapshot) => {
      firstSnapshot ??= { text: snapshot, atMs: performance.now() - started };
    });

    const content = await stream.finalContent();
    const totalMs = performance.now() - started;

    expect(firstSnapshot?.text).toBe('one two three');
    expect(content).toBe('one two three four five six seven eight nine ten eleven twelve');
    // Four content chunks after the role chunk: four gaps of 40 ms between the first and the end.
    expect(totalMs - firstSnapshot!.atMs).toBeGreaterThanOrEqual(100);
  });

  test('cuts a reply at max_tokens words and reports finish_reason length', async () => {
    fake.enqueue({ content: 'one two three four five six' }, { content: 'one two three four five six' });

    const whole = await client.chat.completions.create({ ...userMessage('Hi'), max_tokens: 4 });
    const chunks = await collectChunks(
      await client.chat.completions.create({ ...userMessage('Hi'), max_completion_tokens: 2, stream: true }),
    );

    expect(whole.choices[0]).toMatchObject({ message: { content: 'one two three four' }, finish_reason: 'length' });
    expect(chunks.map((chunk) => chunk.choices[0]!.delta.content ?? '').join('')).toBe('one two');
    expect(chunks.at(-1)!.choices[0]!.finish_reason).toBe('length');
  });

  test('serves scripted replies in order before falling back to the brain', async () => {
    fake.enqueue({ content: 'first' }, { content: 'second' });

    const replies = [];
    for (let i = 0; i < 3; i += 1) {
      const completion = await client.chat.completions.create(userMessage('<say>Brain speaking.</say>'));
      replies.push(completion.choices[0]!.message.content);
    }

    expect(replies).toEqual(['first', 'second', 'Brain speaking.']);
  });

  test('lists fake-model', async () => {
    const models = [];
    for await (const model of client.models.list()) models.push(model.id);

    expect(models).toEqual(['fake-model']);
  });
});

describe('default brain', () => {
  test('drafts four interview questions from the "looking for" bullets of a job description', async () => {
    const { title, description } = readJobPosting();

    const completion = await client.chat.completions.parse({
      ...userMessage(`Write screening questions.\n<job_title>${title}</job_title>\n<job_description>\n${description}\n</job_description>`),
      response_format: zodResponseFormat(ScreeningQuestions, 'screening_questions'),
    });

    const { questions } = completion.choices[0]!.message.parsed!;
    expect(questions.map((q) => q.competency)).toEqual([
      'Building backend systems in production',
      'SQL and data modelling skills',
      'Asynchronous processing',
      'Clear written communication',
    ]);
    expect(questions.map((q) => q.text)).toEqual([
      'Tell me about a time you were building backend systems in production. What was the hardest part, and how did you handle it?',
      'How have you applied SQL and data modelling skills in a recent role? Walk me through a specific example.',
      'Tell me about a time you faced a hard problem involving asynchronous processing. How did you approach it?',
      'How have you demonstrated clear written communication in your recent work? Please give a concrete example.',
    ]);
    expect(questions.map((q) => q.weight)).toEqual([3, 3, 3, 3]);
    expect(questions[2]!.rubric['4']).toBe(
      'Describes a concrete example of asynchronous processing clearly, including their own decisions and a measurable outcome.',
    );
  });

  test('tops up with generic questions when a description has too few bullets', async () => {
    const completion = await client.chat.completions.parse({
      ...userMessage('<job_title>Dispatcher</job_title><job_description>WHAT WE ARE LOOKING FOR\n - Experience running services on Kubernetes\n</job_description>'),
      response_format: zodResponseFormat(ScreeningQuestions, 'screening_questions'),
    });

    const { questions } = completion.choices[0]!.message.parsed!;
    expect(questions.map((q) => [q.competency, q.weight])).toEqual([
      ['Running services on Kubernetes', 3],
      ['Relevant experience', 1],
      ['Collaboration', 1],
      ['Learning quickly', 1],
    ]);
  });

  test('scores a detailed, concrete answer high and quotes it verbatim as evidence', async () => {
    const completion = await client.chat.completions.parse({
      ...userMessage(
        `<question>Tell me about a migration you ran.</question>\n<rubric>{"5": "Several strong examples with measurable impact."}</rubric>\n<answer>${CONCRETE_ANSWER}</answer>`,
      ),
      response_format: zodResponseFormat(AnswerScore, 'answer_score'),
    });

    const score = completion.choices[0]!.message.parsed!;
    expect(score).toEqual({
      score: 5,
      rationale:
        'The answer is detailed (68 words) and includes a concrete example. It matches rubric level 5: Several strong examples with measurable impact.',
      evidence: [
        'At my last company I led the move of our billing service from MySQL to PostgreSQL.',
        'We had about 40 million rows, so I designed a dual-write phase and a backfill job that we could pause.',
      ],
    });
    for (const quote of score.evidence) expect(CONCRETE_ANSWER).toContain(quote);
  });

  test('scores a vague one-liner 1', async () => {
    const completion = await client.chat.completions.parse({
      ...userMessage('<question>How have you used SQL?</question><rubric>1: No example\n2: Vague</rubric><answer>I know SQL pretty well.</answer>'),
      response_format: zodResponseFormat(AnswerScore, 'answer_score'),
    });

    expect(completion.choices[0]!.message.parsed).toEqual({
      score: 1,
      rationale: 'The answer is very brief (5 words) and offers no concrete example. It matches rubric level 1: No example.',
      evidence: ['I know SQL pretty well.'],
    });
  });

  test('summarises the candidate turns of a transcript', async () => {
    const transcript = [
      'Interviewer: Tell me about a migration you ran.',
      `Candidate: ${CONCRETE_ANSWER}`,
      'Interviewer: How do you handle on-call?',
      'Candidate: I do my shifts.',
    ].join('\n');

    const completion = await client.chat.completions.parse({
      ...userMessage(`<transcript>\n${transcript}\n</transcript>`),
      response_format: zodResponseFormat(InterviewSummary, 'interview_summary'),
    });

    expect(completion.choices[0]!.message.parsed).toEqual({
      summary:
        'The candidate answered 2 questions, averaging 36 words per answer. 1 of 2 included concrete examples such as numbers or named projects. Overall the answers give moderate evidence for the role.',
      strengths: ['Backs up claims with concrete examples, such as: "At my last company I led the move of our billing service from MySQL to PostgreSQL."'],
      concerns: ['1 answer was brief (under 12 words).'],
    });
  });

  test('asks for a follow-up only when an answer is under 12 words, and classifies other messages', async () => {
    const assess = async (answer: string) => {
      const completion = await client.chat.completions.parse({
        ...userMessage(`<answer>${answer}</answer>`),
        response_format: zodResponseFormat(AnswerAssessment, 'answer_assessment'),
      });
      return completion.choices[0]!.message.parsed;
    };

    expect(await assess('one two three four five six seven eight nine ten eleven')).toEqual({
      message_type: 'answer',
      needs_follow_up: true,
      follow_up_question: 'Could you give me a specific example of that, including what you did yourself and how it turned out?',
    });
    expect(await assess(CONCRETE_ANSWER)).toEqual({ message_type: 'answer', needs_follow_up: false, follow_up_question: '' });
    expect(await assess('Is the role remote?')).toEqual({ message_type: 'role_question', needs_follow_up: false, follow_up_question: '' });
    expect(await assess('Lovely weather today, right')).toEqual({ message_type: 'off_topic', needs_follow_up: false, follow_up_question: '' });
    expect(await assess('This is a stupid question')).toEqual({ message_type: 'abusive', needs_follow_up: false, follow_up_question: '' });
  });

  test('fills any other JSON schema with a minimal valid object', async () => {
    const Verdict = z.object({
      verdict: z.enum(['advance', 'hold', 'reject']),
      confidence: z.number().min(0.5).max(1),
      attempts: z.number().int().gt(2),
      tags: z.array(z.string().min(8)).min(2),
      contact: z.object({ email: z.email(), at: z.iso.datetime() }),
      flagged: z.boolean(),
      note: z.string().nullable(),
    });

    const completion = await client.chat.completions.parse({
      ...userMessage('Decide.'),
      response_format: zodResponseFormat(Verdict, 'hiring_verdict'),
    });

    expect(completion.choices[0]!.message.parsed).toEqual({
      verdict: 'advance',
      confidence: 0.5,
      attempts: 3,
      tags: ['samplexx', 'samplexx'],
      contact: { email: 'candidate@example.com', at: '2024-01-01T09:00:00Z' },
      flagged: false,
      note: 'sample',
    });
  });

  test('rejects a JSON task whose marker is missing with a 400 naming the tag', async () => {
    const err = await captureError(
      client.chat.completions.parse({
        ...userMessage('The answer was: I like queues.'),
        response_format: zodResponseFormat(AnswerScore, 'answer_score'),
      }),
    );

    expect(err).toBeInstanceOf(BadRequestError);
    expect((err as BadRequestError).error).toMatchInlineSnapshot(`
      {
        "code": "fake_brain_failed",
        "message": "fake-openai: answer_score needs <answer>…</answer> in the last user message",
        "param": "messages",
        "type": "invalid_request_error",
      }
    `);
  });

  test('says the <say> text verbatim, thanking the candidate after the opening turn', async () => {
    const opening = await client.chat.completions.create(userMessage('<say>Hi Sam, welcome to your screening interview.</say>'));
    const later = await client.chat.completions.create({
      model: 'gpt-test',
      messages: [
        { role: 'assistant', content: 'What is your current role?' },
        { role: 'user', content: 'I lead a backend team.' },
        { role: 'user', content: '<say>Next, tell me about a hard bug you fixed.</say>' },
      ],
    });

    expect(opening.choices[0]!.message.content).toBe('Hi Sam, welcome to your screening interview.');
    expect(later.choices[0]!.message.content).toBe("Thanks, that's helpful. Next, tell me about a hard bug you fixed.");
  });

  test('answers role questions from the description, or says it is not covered', async () => {
    const { description } = readJobPosting();
    const ask = async (question: string) => {
      const prompt = `<role_question>${question}</role_question>\n<job_description>${description}</job_description>`;
      const completion = await client.chat.completions.create(userMessage(prompt));
      return completion.choices[0]!.message.content;
    };

    expect(await ask('Is this role remote?')).toBe(
      'According to the job description: "This is a hybrid role based in our Oakland office (two days a week on site)."',
    );
    expect(await ask('Do you offer a pension?')).toBe("The job description doesn't cover that.");
  });

  test('replies with a generic interviewer sentence when there are no markers', async () => {
    const completion = await client.chat.completions.create(userMessage('I have been a developer for six years.'));

    expect(completion.choices[0]!.message.content).toBe('Thanks for that. Could you tell me a little more?');
  });
});

describe('faults', () => {
  test('rate_limited answers 429 with the Retry-After header and OpenAI error body', async () => {
    fake.enqueue({ fault: 'rate_limited', retryAfter: '7200' });

    const err = await captureError(client.chat.completions.create(userMessage('Hi')));

    expect(err).toBeInstanceOf(RateLimitError);
    expect((err as RateLimitError).status).toBe(429);
    expect((err as RateLimitError).headers.get('retry-after')).toBe('7200');
    expect((err as RateLimitError).error).toEqual({
      message: 'Rate limit reached for requests on fake-model. Please try again later.',
      type: 'requests',
      param: null,
      code: 'rate_limit_exceeded',
    });
  });

  test('server_error answers the chosen 5xx status, 500 by default', async () => {
    fake.enqueue({ fault: 'server_error', status: 503 }, { fault: 'server_error' });

    const unavailable = await captureError(client.chat.completions.create(userMessage('Hi')));
    const internal = await captureError(client.chat.completions.create(userMessage('Hi')));

    expect(unavailable).toBeInstanceOf(InternalServerError);
    expect((unavailable as InternalServerError).status).toBe(503);
    expect((internal as InternalServerError).status).toBe(500);
    expect((internal as InternalServerError).error).toMatchObject({ type: 'server_error' });
  });

  test('timeout never answers, so the client times out, and the next request is served', async () => {
    fake.enqueue({ fault: 'timeout' }, { content: 'back again' });

    const err = await captureError(client.chat.completions.create(userMessage('Hi'), { timeout: 200 }));
    const next = await client.chat.completions.create(userMessage('Hi'));

    expect(err).toBeInstanceOf(APIConnectionTimeoutError);
    expect(next.choices[0]!.message.content).toBe('back again');
  });

  test('truncated ends with finish_reason length, which .parse refuses', async () => {
    fake.enqueue({ fault: 'truncated', content: 'The answer was cut' }, { fault: 'truncated', content: '{"score": 4, "ratio' });

    const completion = await client.chat.completions.create(userMessage('Hi'));
    const err = await captureError(
      client.chat.completions.parse({ ...userMessage('Hi'), response_format: zodResponseFormat(AnswerScore, 'answer_score') }),
    );

    expect(completion.choices[0]).toMatchObject({ message: { content: 'The answer was cut' }, finish_reason: 'length' });
    expect(err).toBeInstanceOf(LengthFinishReasonError);
  });

  test('refusal sets message.refusal with null content, whole and streamed', async () => {
    const refusal = "I'm sorry, I can't help with that request.";
    fake.enqueue({ fault: 'refusal', refusal }, { fault: 'refusal', refusal });

    const parsed = await client.chat.completions.parse({
      ...userMessage('Hi'),
      response_format: zodResponseFormat(AnswerScore, 'answer_score'),
    });
    const streamed = await client.chat.completions.stream(userMessage('Hi')).finalChatCompletion();

    expect(parsed.choices[0]!.message).toMatchObject({ content: null, refusal, parsed: null });
    expect(streamed.choices[0]!.message).toMatchObject({ role: 'assistant', content: null, refusal });
  });

  test('drop_mid_stream sends part of the reply, then the stream fails with a socket error', async () => {
    const text = 'one two three four five six seven eight nine ten eleven twelve';
    fake.enqueue({ fault: 'drop_mid_stream', content: text });

    const received: string[] = [];
    const err = await captureError(
      (async () => {
        const stream = await client.chat.completions.create({ ...userMessage('Hi'), stream: true });
        for await (const chunk of stream) received.push(chunk.choices[0]?.delta.content ?? '');
      })(),
    );

    // The SDK does not wrap errors raised while reading a stream: undici's own error surfaces.
    expect(err).toBeInstanceOf(TypeError);
    expect(err).toMatchObject({ message: 'terminated', cause: { code: 'UND_ERR_SOCKET' } });
    expect(received.join('')).toBe('one two three');
  });

  test('drop_mid_stream on a non-streamed request closes the connection without a response', async () => {
    fake.enqueue({ fault: 'drop_mid_stream', content: 'never sent' });

    const err = await captureError(client.chat.completions.create(userMessage('Hi')));

    expect(err).toBeInstanceOf(APIConnectionError);
  });
});

describe('request validation', () => {
  async function post(body: string, headers: Record<string, string> = { authorization: 'Bearer test' }) {
    const res = await fetch(`${fake.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
    return { status: res.status, body: await res.json() };
  }

  test('rejects a request without a bearer token with 401', async () => {
    const missing = await post(JSON.stringify(userMessage('Hi')), {});
    const empty = await post(JSON.stringify(userMessage('Hi')), { authorization: 'Bearer ' });

    expect(missing).toMatchInlineSnapshot(`
      {
        "body": {
          "error": {
            "code": "invalid_api_key",
            "message": "Missing or empty API key. Send it in an Authorization header as "Bearer <key>".",
            "param": null,
            "type": "invalid_request_error",
          },
        },
        "status": 401,
      }
    `);
    expect(empty).toEqual(missing);
  });

  test('rejects an empty messages array with 400 in the OpenAI error shape', async () => {
    const before = fake.requests.length;

    const err = await captureError(client.chat.completions.create({ model: 'gpt-test', messages: [] }));

    expect(err).toBeInstanceOf(BadRequestError);
    expect((err as BadRequestError).error).toMatchInlineSnapshot(`
      {
        "code": "empty_array",
        "message": "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.",
        "param": "messages",
        "type": "invalid_request_error",
      }
    `);
    expect(fake.requests.length).toBe(before);
  });

  test('names the field of each kind of bad body', async () => {
    const problems = await Promise.all([
      post('{"model": "gpt-test", "messages": [tru'),
      post(JSON.stringify({ messages: [{ role: 'user', content: 'Hi' }] })),
      post(JSON.stringify({ model: 'gpt-test', messages: 'Hi' })),
      post(JSON.stringify({ model: 'gpt-test', messages: [{ role: 'robot', content: 'Hi' }] })),
      post(JSON.stringify({ model: 'gpt-test', messages: [{ role: 'user' }] })),
    ]);

    expect(problems.map(({ status, body }) => [status, body.error.param, body.error.message])).toEqual([
      [400, null, 'We could not parse the JSON body of your request. Send a JSON object with Content-Type: application/json.'],
      [400, 'model', "Missing required parameter: 'model'."],
      [400, 'messages', "Invalid type for 'messages': expected an array, but got a string instead."],
      [400, 'messages[0].role', "Invalid value: 'robot'. Supported values are: 'system', 'developer', 'user', 'assistant', 'tool'."],
      [400, 'messages[0].content', "Missing required parameter: 'messages[0].content'."],
    ]);
  });

  test('answers an unknown path with 404', async () => {
    const res = await fetch(`${fake.baseURL}/embeddings`, { method: 'POST', headers: { authorization: 'Bearer test' } });

    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      error: { message: 'Invalid URL (POST /v1/embeddings)', type: 'invalid_request_error', param: null, code: null },
    });
  });
});
