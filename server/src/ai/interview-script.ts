import type { ReplyAssessment, SpeakInput } from './interviewer.js';
import { relevantSentences } from './job-description.js';
import { countWords, hasConcreteDetail, looksAbusive, looksLikeRoleQuestion } from './text-rules.js';

/**
 * Everything the interviewer says that code writes: the parts a model must pass on verbatim
 * (`sayFor`), and whole scripted messages for the built-in interviewer and for turns where the
 * model could not be used.
 */

export const FOLLOW_UP_FOR_DETAIL =
  'Could you make that more concrete? Pick one specific time: what was the situation, what did you do yourself, and how did it turn out?';
export const FOLLOW_UP_FOR_MORE = 'Could you tell me a bit more? What did you do yourself, and what was the result?';
export const NOT_COVERED =
  "The job description doesn't cover that, so I can't answer it here. The hiring team can tell you more when they get in touch.";

/** Answers below this many words get a follow-up from the rules. */
const THIN_WORDS = 15;
/** Answers below this many words without any concrete detail get a follow-up from the rules. */
const VAGUE_WORDS = 40;

/** The rule-based reading of a candidate's message (built-in interviewer, and the fallback). */
export function assessByRules(message: string): ReplyAssessment {
  if (looksAbusive(message)) return { type: 'abusive', needsFollowUp: false, followUpQuestion: null };
  if (looksLikeRoleQuestion(message)) return { type: 'role_question', needsFollowUp: false, followUpQuestion: null };
  const words = countWords(message);
  const concrete = hasConcreteDetail(message);
  if (words < THIN_WORDS) return { type: 'answer', needsFollowUp: true, followUpQuestion: concrete ? FOLLOW_UP_FOR_MORE : FOLLOW_UP_FOR_DETAIL };
  if (words < VAGUE_WORDS && !concrete) return { type: 'answer', needsFollowUp: true, followUpQuestion: FOLLOW_UP_FOR_DETAIL };
  return { type: 'answer', needsFollowUp: false, followUpQuestion: null };
}

function returnLine(input: { currentQuestion: string; questionNumber: number; questionCount: number }): string {
  return `When you're ready, here is question ${input.questionNumber} of ${input.questionCount} again: ${input.currentQuestion}`;
}

/** The part of a message that reaches the candidate exactly as written, or null when the model writes it all. */
export function sayFor(input: SpeakInput): string | null {
  switch (input.kind) {
    case 'open':
      return (
        `I'll ask you ${input.questionCount} questions, one at a time, and I may ask a short follow-up to understand an answer better. ` +
        `If you have a question about the role, you can ask it at any point.\n\nQuestion 1 of ${input.questionCount}: ${input.question}`
      );
    case 'next':
      return `Question ${input.questionNumber} of ${input.questionCount}: ${input.question}`;
    case 'follow_up':
      return input.followUp;
    case 'redirect':
      return input.reason === 'abusive'
        ? `I'd like to keep this conversation respectful. If something about the interview is frustrating, you can reply to your invitation email to reach the hiring team. ${returnLine(input)}`
        : `I can only help with this interview here, so I'll leave that aside. ${returnLine(input)}`;
    case 'role_answer':
      return null;
    case 'close':
      return (
        `Your answers have been saved and go to the hiring team at ${input.orgName}, who will review them and get back to you about next steps. ` +
        'If you have questions in the meantime, reply to your invitation email. You can close this page now.'
      );
  }
}

/** Added by code after a role answer, so the candidate is always brought back to the question. */
export function suffixFor(input: SpeakInput): string | null {
  return input.kind === 'role_answer' ? returnLine(input) : null;
}

/** A whole message written by code. `selfDescribe` adds the built-in interviewer's "not AI" line to the greeting. */
export function scriptFor(input: SpeakInput, opts: { selfDescribe: boolean }): string {
  const say = sayFor(input);
  switch (input.kind) {
    case 'open':
      return (
        `Hello ${input.candidateFirstName}, and thank you for making time for this screening interview for the ${input.jobTitle} role at ${input.orgName}. ` +
        (opts.selfDescribe ? "I'm a scripted interviewer, not AI. " : '') +
        say
      );
    case 'next':
    case 'follow_up':
      return `Thank you. ${say}`;
    case 'redirect':
      return say!;
    case 'role_answer':
      return `${roleAnswerByRules(input.roleQuestion, input.jobDescription)}\n\n${suffixFor(input)}`;
    case 'close':
      return `Thank you, ${input.candidateFirstName}, that was the last question. ${say}`;
  }
}

/** Quotes the description where it matches the question, or says plainly that it does not cover it. */
export function roleAnswerByRules(question: string, description: string): string {
  const sentences = relevantSentences(question, description);
  if (sentences.length === 0) return NOT_COVERED;
  return `Here is what the job description says: ${sentences.map((s) => `“${s}”`).join(' ')}`;
}
