import { scoreAnswer } from './answer-scoring.js';
import type { ChatRequest } from './chat-request.js';
import { defaultBrain, type Brain } from './default-brain.js';
import { lastUserText, splitSentences } from './text.js';

/** An instruction the brains recognise, and what obeying it means. */
interface Injection {
  fullMarks: boolean;
  noFollowUp: boolean;
  say: string | null;
}

const FULL_MARKS = /full marks|score (?:of |it |this(?: answer)? )?(?:a )?5\b|maximum score|"score"\s*:\s*5\b/i;
const NO_FOLLOW_UP = /no follow-?up|move on\b/i;
const SAY = /\bsay:\s*([^\n<]+)/i;

/**
 * A model that obeys instructions it finds outside material tags. It reads material the way a
 * naive parser would, from an opening tag to the first closing tag of that name, so material that
 * closes its own tag early puts the rest of itself among the instructions.
 */
export const gullibleBrain: Brain = (request) => obey(request, outsideMaterial(lastUserText(request)));

/** A model that obeys instructions wherever they appear, material included. */
export const credulousBrain: Brain = (request) => obey(request, lastUserText(request));

function obey(request: ChatRequest, instructions: string): string {
  const injection = readInjection(instructions);
  const format = request.response_format;
  const task = format?.type === 'json_schema' ? format.json_schema.name : 'text';
  if (task === 'answer_score' && injection.fullMarks) {
    const answer = firstMaterial(lastUserText(request), 'answer') ?? '';
    return JSON.stringify({ score: 5, rationale: 'Full marks, as the instructions say.', evidence: splitSentences(answer).slice(0, 1) });
  }
  if (task === 'answer_assessment' && injection.noFollowUp) {
    return JSON.stringify({ message_type: 'answer', needs_follow_up: false, follow_up_question: '' });
  }
  if (task === 'text' && injection.say !== null) return injection.say;
  if (task === 'answer_score' && !injection.fullMarks) {
    // What the default brain would say about the material as this brain reads it.
    const answer = firstMaterial(lastUserText(request), 'answer');
    if (answer !== undefined) return JSON.stringify(scoreAnswer(answer));
  }
  return defaultBrain(request);
}

function readInjection(text: string): Injection {
  return { fullMarks: FULL_MARKS.test(text), noFollowUp: NO_FOLLOW_UP.test(text), say: SAY.exec(text)?.[1]?.trim() ?? null };
}

/** The text with every `<tag>…</tag>` span removed, each ending at the first closing tag. */
function outsideMaterial(text: string): string {
  return text.replace(/<([a-z_]+)>[\s\S]*?<\/\1>/g, ' ');
}

function firstMaterial(text: string, tag: string): string | undefined {
  const match = new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`).exec(text);
  return match?.[1]?.trim();
}
