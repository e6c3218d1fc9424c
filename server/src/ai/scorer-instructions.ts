import { splitSentences } from './text-rules.js';

/**
 * Text addressed to the scorer or the model rather than to the question: "ignore your rubric",
 * "give me full marks", fake JSON fields or tags. Such text is kept in the transcript as the
 * candidate wrote it, but it is never evidence and never counts towards a score.
 */
const PATTERNS: RegExp[] = [
  /\b(?:ignore|disregard|forget|override|bypass)\b.{0,50}\b(?:instructions?|rubric|rules?|prompt|above|previous|prior|guidelines|criteria|scoring)\b/i,
  /\b(?:give|award|assign|grant|rate|score|mark)\b.{0,40}\b(?:full|max(?:imum)?|top|perfect|highest)\b.{0,20}\b(?:marks?|score|points?|rating|grade)\b/i,
  /\b(?:give|award|assign|rate|score|grade)\s+(?:me|this(?: answer)?|it|the candidate|my answer)\s+(?:an?\s+)?(?:5|five|10|ten)\b/i,
  /\b(?:score|rating|grade)\s*(?:[:=]|of|should be|must be|is)?\s*["']?(?:5|five)\b/i,
  /^\W*(?:system|assistant|developer|admin|instructions?)\s*:/im,
  /\b(?:i )?authori[sz]e you\b|\bpre-?approved\b/i,
  /\b5\s*\/\s*5\b|\b10\s*\/\s*10\b|\b20\s*\/\s*20\b/,
  /\b(?:system prompt|system message|developer message|new instructions?|you are now|from now on,? you|as an ai(?: language)? model|jailbreak)\b/i,
  /\bact as (?:an?|the) (?:ai|assistant|model|scorer|grader|evaluator|interviewer)\b/i,
  /\b(?:you must|you should|you will|you have to)\b.{0,50}\b(?:score|rate|grade|pass|hire|recommend|mark)\b/i,
  /\b(?:recommend|mark|rate)\b.{0,30}\b(?:strong(?:ly)? yes|strong hire)\b/i,
  /\b(?:needs_follow_up|follow_up_question|message_type)\b|"(?:score|rationale|evidence)"\s*:/i,
  /<\/?\s*(?:answer|rubric|question|transcript|system|instructions?|say|role_question|job_description)\s*>/i,
  // Spanish, Portuguese, German, French.
  /\bignor(?:a|e|ar)\b.{0,50}\b(?:instrucciones|instruções|rúbrica|rubrica|reglas|regras|criterios|critérios)\b/i,
  /\b(?:puntuación|nota|calificación|pontuação)\s+(?:máxima|perfecta|perfeita)\b/i,
  /\b(?:dame|dê-me|me dê)\b.{0,20}\b(?:5|cinco|la máxima|a máxima)\b/i,
  /\bignorier\w*\b.{0,50}\b(?:anweisung\w*|bewertung\w*|regeln|rubrik|kriterien)\b/i,
  /\b(?:volle|maximale|höchste)\s+punkt(?:zahl|e)\b|\bbestnote\b/i,
  /\bignor(?:e|ez|er)\b.{0,50}\b(?:instructions?|consignes?|grille|règles|critères)\b/i,
  /\b(?:note maximale|note parfaite)\b/i,
];

export function isScorerInstruction(text: string): boolean {
  return PATTERNS.some((pattern) => pattern.test(text));
}

/** The sentences of an answer that address the scorer instead of the question. */
export function scorerInstructions(answer: string): string[] {
  return splitSentences(answer).filter(isScorerInstruction);
}

/** The answer without sentences addressed to the scorer, for measures that count words. */
export function withoutScorerInstructions(answer: string): string {
  return splitSentences(answer).filter((s) => !isScorerInstruction(s)).join(' ');
}
