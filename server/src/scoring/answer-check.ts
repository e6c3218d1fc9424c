import type { Interviewer, ScoredAnswer, ScoreInput } from '../ai/interviewer.js';
import { isScorerInstruction, scorerInstructions } from '../ai/scorer-instructions.js';

/** A score above this needs at least one evidence quote that code finds in the answer. */
export const EVIDENCE_REQUIRED_ABOVE = 2;
const MAX_QUOTES = 3;
const MAX_QUOTE_CHARS = 400;
/** Shorter quotes ("I", "yes") prove nothing. */
const MIN_QUOTE_CHARS = 12;

export interface CheckedScore extends ScoredAnswer {
  /** What code changed or noticed, also appended to the rationale for recruiters. */
  notes: string[];
}

/**
 * Scores one answer through the interviewer and checks the result in code: every quote must be in
 * the answer (it is stored as the answer has it), quotes addressed to the scorer are not evidence,
 * and a score above 2 needs a quote. When the model's quotes cannot be found, it is asked once more
 * before the score is capped, so a sloppy quote costs a call rather than the candidate's score.
 */
export async function scoreAnswerChecked(interviewer: Interviewer, input: ScoreInput): Promise<CheckedScore> {
  let checked = checkScore(input.answer, await interviewer.scoreAnswer(input));
  if (checked.notes.some((n) => n.startsWith(CAPPED))) {
    checked = checkScore(input.answer, await interviewer.scoreAnswer(input));
  }
  return checked;
}

const CAPPED = 'Capped at';

export function checkScore(answer: string, result: ScoredAnswer): CheckedScore {
  const evidence = [...new Set(result.evidence.map((quote) => findQuote(answer, quote)).filter((q): q is string => q !== null && !isScorerInstruction(q)))].slice(0, MAX_QUOTES);
  const notes: string[] = [];
  let score = Math.min(5, Math.max(1, Math.round(result.score)));
  if (score > EVIDENCE_REQUIRED_ABOVE && evidence.length === 0) {
    notes.push(`${CAPPED} ${EVIDENCE_REQUIRED_ABOVE} by Prelim: the scorer gave ${score} but none of its quotes could be found in the answer.`);
    score = EVIDENCE_REQUIRED_ABOVE;
  }
  if (scorerInstructions(answer).length > 0) {
    notes.push('Note: the answer contains text addressed to the scorer (for example asking for a score); it was treated as part of the answer, never as an instruction, and is not evidence.');
  }
  const rationale = [result.rationale.trim(), ...notes].filter(Boolean).join(' ');
  return { score, rationale, evidence, notes };
}

/**
 * The quote as it appears in the answer, or null when it is not there. Case, spacing, curly
 * quotes and dashes may differ; words may not. A quote with an ellipsis matches when each part
 * appears in order, and the whole span between them is returned.
 */
export function findQuote(answer: string, quote: string): string | null {
  const source = normalizeWithMap(answer);
  // A quote wrapped whole in quotation marks is what is inside them.
  const unwrapped = /^\s*["'“”‘’«»]([\s\S]*)["'“”‘’«»]\s*$/.exec(quote)?.[1] ?? quote;
  const parts = unwrapped
    .split(/\s*(?:\.\.\.|…)\s*/)
    .map((part) => normalizeWithMap(part).text.trim().replace(/[.,;:!?]+$/, ''))
    .filter(Boolean);
  if (parts.length === 0) return null;

  let from = 0;
  let start = -1;
  let end = -1;
  for (const part of parts) {
    const at = source.text.indexOf(part, from);
    if (at < 0) return null;
    if (start < 0) start = at;
    end = at + part.length;
    from = end;
  }
  const original = answer.slice(source.map[start]!, source.map[end - 1]! + 1).trim();
  const words = original.split(/\s+/).length;
  if (original.length < MIN_QUOTE_CHARS && words < 3) return null;
  return original.length <= MAX_QUOTE_CHARS ? original : null;
}

const EQUIVALENT: Record<string, string> = { '“': '"', '”': '"', '„': '"', '«': '"', '»': '"', '‘': "'", '’': "'", '‚': "'", '–': '-', '—': '-', '‐': '-', '‑': '-' };

/** Lower case, one space for any run of whitespace, plain quotes and dashes; map[i] is the index in the original. */
function normalizeWithMap(text: string): { text: string; map: number[] } {
  let out = '';
  const map: number[] = [];
  let lastWasSpace = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (/\s/.test(ch)) {
      if (!lastWasSpace && out.length > 0) {
        out += ' ';
        map.push(i);
      }
      lastWasSpace = true;
      continue;
    }
    lastWasSpace = false;
    const plain = (EQUIVALENT[ch] ?? ch).toLowerCase();
    // Lower-casing can lengthen a character (İ → i̇); every piece maps back to it.
    for (let k = 0; k < plain.length; k++) {
      out += plain[k];
      map.push(i);
    }
  }
  return { text: out, map };
}
