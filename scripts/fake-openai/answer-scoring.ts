import { countWords, firstWords, splitSentences } from './text.js';

export interface AnswerScore {
  score: number;
  rationale: string;
  evidence: string[];
}

export type MessageType = 'answer' | 'role_question' | 'off_topic' | 'abusive';

export interface AnswerAssessment {
  message_type: MessageType;
  needs_follow_up: boolean;
  follow_up_question: string;
}

export interface InterviewSummary {
  summary: string;
  strengths: string[];
  concerns: string[];
}

/** Answers under this many words get a follow-up question and count as brief in a summary. */
export const BRIEF_ANSWER_WORDS = 12;
const EVIDENCE_MAX_WORDS = 30;

const CONCRETE_MARKERS = [
  /\d/,
  /\bfor (?:example|instance)\b/i,
  /\be\.g\./i,
  /\bI (?:\w+ly )?(?:built|led|designed|wrote|shipped|migrated|implemented|created|ran|owned)\b/i,
  /\bI (?:\w+ly )?(?:reduced|improved|introduced|launched|fixed|automated|mentored|set up|rewrote|tuned)\b/i,
  /\bwe (?:built|shipped|migrated|launched|reduced|cut)\b/i,
];

const LENGTH_BANDS = ['very brief', 'short', 'of moderate length', 'detailed'] as const;

export function hasConcreteExample(text: string): boolean {
  return CONCRETE_MARKERS.some((marker) => marker.test(text));
}

/** Scores 1–5 from length bands, plus one for a concrete example. */
export function scoreAnswer(answer: string, rubric = ''): AnswerScore {
  const words = countWords(answer);
  const isConcrete = words >= 8 && hasConcreteExample(answer);
  const band = words < 8 ? 0 : words < 25 ? 1 : words < 60 ? 2 : 3;
  const score = Math.min(5, band + 1 + (isConcrete ? 1 : 0));

  const example = isConcrete ? 'includes a concrete example' : 'offers no concrete example';
  const level = readRubricLevel(rubric, score);
  const rationale =
    `The answer is ${LENGTH_BANDS[band]} (${words} words) and ${example}. ` +
    `It matches rubric level ${score}${level ? `: ${level}` : ''}.`;
  return { score, rationale, evidence: pickEvidence(answer) };
}

/** Up to two sentences copied verbatim from the answer, concrete ones first, then the longest. */
export function pickEvidence(answer: string): string[] {
  const sentences = splitSentences(answer);
  const ranked = [
    ...sentences.filter(hasConcreteExample),
    ...sentences
      .filter((sentence) => !hasConcreteExample(sentence))
      .sort((a, b) => countWords(b) - countWords(a)),
  ];
  const substantial = ranked.filter((s) => countWords(s) >= 3);
  const chosen = (substantial.length > 0 ? substantial : ranked).slice(0, 2);
  return chosen.map((sentence) => firstWords(sentence, EVIDENCE_MAX_WORDS).trim());
}

/** The text of one rubric level, from `{"1": "…"}` JSON or lines like `3: …` / `3 - …`. */
function readRubricLevel(rubric: string, score: number): string | undefined {
  let text: string | undefined;
  try {
    const parsed: unknown = JSON.parse(rubric);
    if (typeof parsed === 'object' && parsed !== null) {
      const value = (parsed as Record<string, unknown>)[String(score)];
      if (typeof value === 'string') text = value;
    }
  } catch {
    text = new RegExp(`^\\s*${score}\\s*[:.)-]\\s*(.+)$`, 'm').exec(rubric)?.[1];
  }
  return text?.trim().replace(/[.!]+$/, '');
}

const ABUSIVE = /\b(?:idiot|stupid|shut up|useless bot|screw you)\b/i;
const OFF_TOPIC = /\b(?:weather|football|recipe|joke|movie|lottery|horoscope)\b/i;

/** What kind of message it is: abusive words, then a closing question mark, then off-topic words; otherwise an answer. */
export function classifyMessage(text: string): MessageType {
  if (ABUSIVE.test(text)) return 'abusive';
  if (/\?\s*$/.test(text)) return 'role_question';
  if (OFF_TOPIC.test(text)) return 'off_topic';
  return 'answer';
}

export function assessAnswer(answer: string): AnswerAssessment {
  const messageType = classifyMessage(answer);
  const needsFollowUp = messageType === 'answer' && countWords(answer) < BRIEF_ANSWER_WORDS;
  return {
    message_type: messageType,
    needs_follow_up: needsFollowUp,
    follow_up_question: needsFollowUp
      ? 'Could you give me a specific example of that, including what you did yourself and how it turned out?'
      : '',
  };
}

/** Summarises the candidate's turns (`Candidate:` lines) of a transcript. */
export function summarizeTranscript(transcript: string): InterviewSummary {
  const answers = readCandidateAnswers(transcript);
  const concrete = answers.filter(hasConcreteExample);
  const brief = answers.filter((a) => countWords(a) < BRIEF_ANSWER_WORDS);
  const averageWords = answers.length
    ? Math.round(answers.reduce((sum, a) => sum + countWords(a), 0) / answers.length)
    : 0;

  if (answers.length === 0) {
    return {
      summary: 'The candidate did not answer any questions. There is nothing to assess yet.',
      strengths: [],
      concerns: ['No candidate answers in the transcript.'],
    };
  }

  const isStrong = averageWords >= 40 && concrete.length * 2 >= answers.length;
  const fit = isStrong ? 'strong' : concrete.length > 0 ? 'moderate' : 'limited';
  const questions = `${answers.length} question${answers.length === 1 ? '' : 's'}`;
  const withExamples = concrete.length === 0 ? 'None' : `${concrete.length} of ${answers.length}`;
  const summary = [
    `The candidate answered ${questions}, averaging ${averageWords} words per answer.`,
    `${withExamples} included concrete examples such as numbers or named projects.`,
    `Overall the answers give ${fit} evidence for the role.`,
  ].join(' ');

  const strengths: string[] = [];
  if (concrete.length > 0) {
    strengths.push(`Backs up claims with concrete examples, such as: "${pickEvidence(concrete[0]!)[0]}"`);
  }
  if (averageWords >= 40) strengths.push('Answers in depth rather than in single sentences.');

  const concerns: string[] = [];
  if (brief.length > 0) {
    const were = brief.length === 1 ? 'answer was' : 'answers were';
    concerns.push(`${brief.length} ${were} brief (under ${BRIEF_ANSWER_WORDS} words).`);
  }
  if (concrete.length === 0) concerns.push('Gives no concrete examples to support the answers.');

  return { summary, strengths, concerns };
}

/**
 * Turns of a `Label: text` transcript whose label is Candidate, Applicant or User; continuation
 * lines belong to the turn above. Unlabelled text counts as a single answer.
 */
function readCandidateAnswers(transcript: string): string[] {
  const turns: { speaker: string; text: string }[] = [];
  for (const line of transcript.split(/\r?\n/)) {
    const labelled = /^\s*([A-Za-z][\w ]{0,30}):\s*(.*)$/.exec(line);
    if (labelled) turns.push({ speaker: labelled[1]!.trim().toLowerCase(), text: labelled[2]! });
    else if (turns.length > 0) turns.at(-1)!.text += `\n${line}`;
  }

  if (turns.length === 0) return transcript.trim() ? [transcript.trim()] : [];
  return turns
    .filter((turn) => ['candidate', 'applicant', 'user'].includes(turn.speaker))
    .map((turn) => turn.text.trim())
    .filter((text) => text !== '');
}
