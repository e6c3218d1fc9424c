import { splitSentences } from './text-rules.js';

const STOP_WORDS = new Set(
  ('the and for are you your with what how does did this that will our can there their they have has from about any was were its ' +
    'into who why when where which would could should is do be of to in on at a an or it me my we us role job position please tell ' +
    'know like question interview more much many there some also just get').split(' '),
);

function contentWords(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}$]+/gu) ?? [])
    .filter((word) => word.length >= 3 && !STOP_WORDS.has(word))
    .map((word) => word.replace(/ies$/, 'y').replace(/([^s])s$/, '$1'));
}

/**
 * The sentences of the job description that share the most words with the candidate's question
 * (at most two, in the description's order), or none when nothing matches. Used to answer role
 * questions without a model, so the answer can only ever quote the description.
 */
export function relevantSentences(question: string, description: string): string[] {
  const asked = new Set(contentWords(question));
  if (asked.size === 0) return [];
  const sentences = description.split(/\r?\n/).flatMap((line) => splitSentences(line.replace(/^\s*[-*•]\s+/, '')));
  const scored = sentences
    .map((sentence, index) => ({ sentence, index, overlap: new Set(contentWords(sentence).filter((w) => asked.has(w))).size }))
    .filter((s) => s.overlap > 0);
  const best = Math.max(0, ...scored.map((s) => s.overlap));
  return scored
    .filter((s) => s.overlap === best)
    .slice(0, 2)
    .sort((a, b) => a.index - b.index)
    .map((s) => s.sentence);
}
