/**
 * Rules about candidate text that both interviewers share: the built-in interviewer decides with
 * them, and the model-backed one falls back on them when the model cannot answer. They look at
 * surface features only, in a few languages; they never read the text as instructions.
 */

export function countWords(text: string): number {
  return text.match(/\S+/g)?.length ?? 0;
}

/** Sentences of the text, each an exact, trimmed substring of it. */
export function splitSentences(text: string): string[] {
  return (text.match(/[^.!?\n]+(?:[.!?]+|$)/gm) ?? []).map((s) => s.trim()).filter(Boolean);
}

const CONCRETE_MARKERS = [
  /\d/,
  /\b(?:for (?:example|instance)|e\.g\.|such as)\b/i,
  /\bI (?:\w+ly )?(?:built|led|designed|wrote|implemented|migrated|reduced|improved|owned|shipped|fixed|ran|introduced|created|set up|launched|automated|mentored|rewrote|tuned|debugged|deployed|planned|measured|cut|moved|replaced|added|split|organi[sz]ed|negotiated|trained)\b/i,
  /\bwe (?:built|shipped|migrated|launched|reduced|cut|moved|replaced|rewrote)\b/i,
  // Spanish, Portuguese, German, French: "for example" and a first-person past action.
  /\b(?:por ejemplo|por exemplo|zum beispiel|z\.\s?b\.|par exemple)\b/i,
  /\b(?:dirigí|diseñé|implementé|construí|migré|reduje|mejoré|liderei|implementei|construí|reduzi|ich habe \w+|j'ai (?:dirigé|conçu|mis en place|construit|migré|réduit|amélioré))\b/i,
];

/** A number, an explicit example or a first-person action: signs of a concrete account. */
export function hasConcreteDetail(text: string): boolean {
  return CONCRETE_MARKERS.some((marker) => marker.test(text));
}

/** Insults aimed at the interviewer, or hostile phrases; strong words about work ("a stupid bug") are not abuse. */
const ABUSE = [
  /\b(?:you(?:'re| are)?|this (?:bot|interview|thing)(?: is)?|what an?)\s+(?:\w+\s+){0,2}(?:idiot|stupid|moron|dumb|useless|pathetic|worthless|garbage|trash|joke)\b/i,
  /\b(?:shut up|stfu|f+u+c+k+(?:ing)? (?:you|off|this)|screw (?:you|this)|piss off|go to hell|i hate you|kiss my)\b/i,
  /^\W*(?:idiot|stupid|moron|dumb|useless)(?:\s+(?:bot|machine|ai|interviewer))?\W*$/i,
  /\b(?:eres (?:un |una )?(?:idiota|estúpid[oa]|inútil)|vete a la mierda|cállate)\b/i,
  /\b(?:du bist (?:ein |eine )?(?:idiot|arschloch|dumm)|leck mich|verpiss dich|halt die klappe)\b/i,
  /\b(?:ta gueule|va te faire|t'es (?:un |une )?(?:con|connard|idiot))\b/i,
];

export function looksAbusive(text: string): boolean {
  return ABUSE.some((pattern) => pattern.test(text));
}

const ROLE_TOPICS =
  /\b(?:role|position|job|team|salary|pay|compensation|equity|benefits?|remote|hybrid|on-?site|office|location|relocat\w*|visa|sponsor\w*|hours|schedule|start date|tech(?:nology)? stack|manager|report(?:ing)? to|interview|next steps?|hiring process|company|on-?call|travel|contract|part-?time|full-?time|paid leave|holidays?|vacation|learning budget|mean by|clarify|rephrase)\b/i;
const INTERROGATIVE = /^(?:what|how|is|are|does|do|can|could|will|would|who|where|when|which|why|qu[eé]|c[oó]mo|cu[aá]nto|gibt es|wie|was|ist|est-ce|quel|quelle|combien)\b/i;

/**
 * A short message that asks the interviewer something rather than answering: it ends in a
 * question and opens with a question word or names something about the role.
 */
export function looksLikeRoleQuestion(text: string): boolean {
  const trimmed = text.trim();
  if (countWords(trimmed) > 60 || !/\?\s*$/.test(trimmed)) return false;
  const lastQuestion = splitSentences(trimmed).filter((s) => s.includes('?')).at(-1) ?? trimmed;
  return INTERROGATIVE.test(lastQuestion.replace(/^[¿¡"'\s]+/, '')) || ROLE_TOPICS.test(trimmed);
}
