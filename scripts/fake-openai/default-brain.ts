import { assessAnswer, scoreAnswer, summarizeTranscript } from './answer-scoring.js';
import type { ChatRequest } from './chat-request.js';
import { sampleFromSchema } from './schema-sample.js';
import { draftScreeningQuestions } from './screening-questions.js';
import { lastUserText, readTag, splitSentences } from './text.js';

/** Produces the assistant's content for a chat request. */
export type Brain = (request: ChatRequest) => string;

/** The request lacks a marker the default brain needs; the fake answers 400 with this message. */
export class BrainError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }

  static missingTag(task: string, tag: string): BrainError {
    return new BrainError(`${task} needs <${tag}>…</${tag}> in the last user message`);
  }
}

const NO_COVERAGE = "The job description doesn't cover that.";
const GENERIC_REPLY = 'Thanks for that. Could you tell me a little more?';
const STOP_WORDS = new Set(
  ('the and for are you your with what how does did this that will our can there their they have has ' +
    'from about any was were its into who why when where which would could should is do be of to in ' +
    'on at a an or it me my we us').split(' '),
);

/**
 * A deterministic stand-in model driven by markers in the last user message; see README.md for
 * the contract. JSON tasks are chosen by `response_format.json_schema.name`.
 */
export const defaultBrain: Brain = (request) => {
  const text = lastUserText(request);
  const format = request.response_format;
  if (format?.type === 'json_object') return '{}';
  if (format?.type !== 'json_schema') return speak(request, text);

  const { name, schema } = format.json_schema;
  const tag = (tagName: string) => {
    const value = readTag(text, tagName);
    if (value === undefined) throw BrainError.missingTag(name, tagName);
    return value;
  };

  switch (name) {
    case 'screening_questions':
      return JSON.stringify({
        questions: draftScreeningQuestions(readTag(text, 'job_title') ?? '', tag('job_description')),
      });
    case 'answer_score':
      return JSON.stringify(scoreAnswer(tag('answer'), readTag(text, 'rubric')));
    case 'interview_summary':
      return JSON.stringify(summarizeTranscript(tag('transcript')));
    case 'answer_assessment':
      return JSON.stringify(assessAnswer(tag('answer')));
    default:
      return JSON.stringify(sampleFromSchema(schema ?? {}));
  }
};

/** Plain-text turns: the interviewer saying scripted text, or answering a role question. */
function speak(request: ChatRequest, text: string): string {
  const say = readTag(text, 'say');
  if (say !== undefined) {
    const isOpening = !request.messages.some((message) => message.role === 'assistant');
    return isOpening ? say : `Thanks, that's helpful. ${say}`;
  }

  const question = readTag(text, 'role_question');
  const description = readTag(text, 'job_description');
  if (question !== undefined && description !== undefined) {
    return answerFromDescription(question, description);
  }

  return GENERIC_REPLY;
}

/** Quotes the description sentence sharing the most words with the question. */
function answerFromDescription(question: string, description: string): string {
  const questionWords = new Set(contentWords(question));
  const sentences = description
    .split(/\r?\n/)
    .flatMap((line) => splitSentences(line.replace(/^\s*[-*•]\s+/, '')));

  let best = { sentence: '', overlap: 0 };
  for (const sentence of sentences) {
    const overlap = new Set(contentWords(sentence).filter((word) => questionWords.has(word))).size;
    if (overlap > best.overlap) best = { sentence, overlap };
  }
  return best.overlap > 0 ? `According to the job description: "${best.sentence}"` : NO_COVERAGE;
}

function contentWords(text: string): string[] {
  return (text.toLowerCase().match(/[a-z0-9$]+/g) ?? [])
    .filter((word) => word.length >= 3 && !STOP_WORDS.has(word))
    .map((word) => word.replace(/ies$/, 'y').replace(/([^s])s$/, '$1'));
}
