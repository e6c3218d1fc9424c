import type { Rubric } from '../jobs/job.entity.js';
import { assessByRules, scriptFor } from './interview-script.js';
import { ReplyAbortedError, type AssessInput, type GeneratedQuestion, type Interviewer, type ReplyAssessment, type ScoredAnswer, type ScoreInput, type SpeakInput, type SpeakOptions, type TranscriptLine } from './interviewer.js';
import { isScorerInstruction, withoutScorerInstructions } from './scorer-instructions.js';
import { hasConcreteDetail, splitSentences } from './text-rules.js';

const LABEL = 'Built-in interviewer (scripted, not AI)';

/**
 * A deterministic interviewer and scorer for running without a model. Its questions come from the
 * job description's bullet points, its follow-ups and role answers from rules, its scores from
 * measurable features of the answer (length, concrete detail, overlap with the question's terms);
 * everything it writes says it is not AI. As `fallback` it words turns for the model-backed
 * interviewer when the model cannot be reached, without calling itself scripted.
 */
export class BuiltinInterviewer implements Interviewer {
  readonly label = LABEL;
  readonly isBuiltIn = true;
  readonly modelName = 'built-in scorer (not AI)';
  readonly settings = { algorithm: 'length-detail-overlap', version: 2, ignoresScorerInstructions: true };
  readonly #selfDescribe: boolean;

  constructor(opts: { asFallback?: boolean } = {}) {
    this.#selfDescribe = !opts.asFallback;
  }

  async generateQuestions(job: { title: string; description: string | null }): Promise<GeneratedQuestion[]> {
    const requirements = pickRequirements(job.description ?? '');
    const questions = requirements.map(({ line, essential }) => {
      const competency = toCompetency(line);
      return {
        text: `The role asks for: “${line.replace(/[.;]$/, '')}”. Tell me about a specific time you did this: what was the situation, what did you do, and what was the result?`,
        competency,
        rubric: rubricFor(competency),
        weight: essential ? 2 : 1,
      };
    });
    if (questions.length < 3) {
      questions.push(
        { text: `What in your experience so far best prepares you for the ${job.title} role? Please give a concrete example.`, competency: 'Relevant experience', rubric: rubricFor('relevant experience'), weight: 2 },
        { text: 'Describe the most challenging project you have worked on recently. What made it hard, and how did you handle it?', competency: 'Problem solving', rubric: rubricFor('problem solving'), weight: 1 },
        { text: `Why are you interested in this ${job.title} position, and what would you want to learn in it?`, competency: 'Motivation', rubric: rubricFor('motivation'), weight: 1 },
      );
    }
    return questions.slice(0, 5);
  }

  async assessReply(input: AssessInput): Promise<ReplyAssessment> {
    return assessByRules(input.message);
  }

  async speak(input: SpeakInput, options: SpeakOptions): Promise<string> {
    const text = scriptFor(input, { selfDescribe: this.#selfDescribe });
    // Delivered in word groups so the page renders it like any streamed reply.
    const words = text.split(/(?<=\s)/);
    let sent = '';
    for (let i = 0; i < words.length; i += 6) {
      if (options.signal?.aborted) throw new ReplyAbortedError();
      sent += words.slice(i, i + 6).join('');
      options.onText(sent);
    }
    return text;
  }

  async scoreAnswer(input: ScoreInput): Promise<ScoredAnswer> {
    // Sentences addressed to the scorer and repeated sentences add nothing, so they are not measured.
    const answer = [...new Set(splitSentences(withoutScorerInstructions(input.answer.trim())))].join(' ');
    const words = answer.split(/\s+/).filter(Boolean).length;
    const concrete = hasConcreteDetail(answer);
    const terms = keyTerms(`${input.question} ${input.competency}`);
    const lower = answer.toLowerCase();
    const matched = terms.filter((t) => lower.includes(t));

    let score = 1;
    if (words >= 8) score = 2;
    if (words >= 40) score += 1;
    if (words >= 90) score += 1;
    if (concrete && words >= 20) score += 1;
    if (matched.length >= 2 && words >= 20) score += 1;
    score = Math.min(5, score);

    const rationale =
      `Built-in scorer (not AI): ${words} words, ${concrete ? 'with' : 'without'} concrete detail, ` +
      `${matched.length} of the question's ${terms.length} key terms. Level ${score}: ${input.rubric[String(score) as keyof Rubric]}`;
    const evidence = longestSentence(input.answer);
    return { score, rationale, evidence: evidence ? [evidence] : [] };
  }

  async summarize(input: { jobTitle: string; transcript: TranscriptLine[]; scores: { competency: string; score: number }[] }): Promise<string> {
    if (input.scores.length === 0) return 'Built-in summary (not AI): the candidate answered no questions.';
    const sorted = [...input.scores].sort((a, b) => b.score - a.score);
    const best = sorted[0]!;
    const worst = sorted[sorted.length - 1]!;
    const answered = input.transcript.filter((l) => l.role === 'candidate').length;
    return (
      `Built-in summary (not AI): ${answered} answers across ${input.scores.length} questions for ${input.jobTitle}. ` +
      `Strongest on ${best.competency} (${best.score}/5)` +
      (worst !== best ? `, weakest on ${worst.competency} (${worst.score}/5).` : '.') +
      ' Read the transcript before deciding; this summary is produced by rules, not by a model.'
    );
  }
}

function rubricFor(competency: string): Rubric {
  const c = competency.toLowerCase();
  return {
    '1': `Does not address ${c}, or gives no relevant experience.`,
    '2': `General statements about ${c} without a concrete example.`,
    '3': `A relevant example of ${c} with some detail about what they did.`,
    '4': `A specific example of ${c}: their own role, the decisions they made and the outcome.`,
    '5': `A specific, well-reasoned example of ${c} with a measurable outcome and reflection on trade-offs.`,
  };
}

const REQUIREMENT_HEADING = /LOOKING FOR|REQUIREMENTS|QUALIFICATIONS|ABOUT YOU|YOU HAVE|MUST HAVE/i;
const DUTY_HEADING = /WHAT YOU WILL DO|RESPONSIBILITIES|THE ROLE|YOU WILL|DUTIES/i;

/** Bullet lines of the description, requirements first, then duties. */
function pickRequirements(description: string): { line: string; essential: boolean }[] {
  const requirements: string[] = [];
  const duties: string[] = [];
  let section: 'req' | 'duty' | 'other' = 'other';
  for (const raw of description.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    const bullet = /^[-*•]\s+(.*)$/.exec(line);
    if (!bullet) {
      if (line === line.toUpperCase() && /[A-Z]/.test(line)) {
        section = REQUIREMENT_HEADING.test(line) ? 'req' : DUTY_HEADING.test(line) ? 'duty' : 'other';
      }
      continue;
    }
    if (section === 'req') requirements.push(bullet[1]!);
    else if (section === 'duty') duties.push(bullet[1]!);
  }
  return [
    ...requirements.slice(0, 3).map((line) => ({ line, essential: true })),
    ...duties.slice(0, 4 - Math.min(3, requirements.length)).map((line) => ({ line, essential: false })),
  ].slice(0, 4);
}

function toCompetency(line: string): string {
  const words = line.replace(/[(),.;:]/g, ' ').split(/\s+/).filter(Boolean);
  const phrase = words.slice(0, 6).join(' ');
  return phrase.charAt(0).toUpperCase() + phrase.slice(1);
}

const STOP = new Set(['about', 'tell', 'specific', 'time', 'what', 'situation', 'result', 'which', 'their', 'there', 'would', 'could', 'asks', 'role', 'with', 'from', 'your', 'this', 'that', 'have', 'were', 'they', 'them', 'years', 'least', 'more']);

function keyTerms(text: string): string[] {
  const words = text.toLowerCase().match(/[a-z][a-z-]{3,}/g) ?? [];
  return [...new Set(words.filter((w) => !STOP.has(w)))].slice(0, 12);
}

/** The longest sentence not addressed to the scorer, exactly as written, so it can be checked against the transcript. */
function longestSentence(text: string): string | null {
  const sentences = splitSentences(text).filter((s) => !isScorerInstruction(s));
  const longest = sentences.sort((a, b) => b.length - a.length)[0];
  if (!longest) return null;
  return longest.length <= 240 ? longest : longest.slice(0, 240).replace(/\s+\S*$/, '');
}
