import { countWords, firstWords, lowerFirst, upperFirst } from './text.js';

export interface ScreeningQuestion {
  text: string;
  competency: string;
  rubric: Record<'1' | '2' | '3' | '4' | '5', string>;
  weight: number;
}

interface Requirement {
  bullet: string;
  section: string;
}

const QUESTION_COUNT = 4;
const BULLET = /^\s*[-*•]\s+(.+)$/;

/** Leading words that qualify a requirement rather than name the competency. */
const QUALIFIERS = [
  /^\w+\+?\s+(?:or more\s+)?years?\s+(?:of\s+)?(?:experience\s+)?(?:(?:with|in)\s+)?/i,
  /^(?:hands-on\s+)?(?:experience|familiarity|exposure|proficiency|expertise|knowledge)\s+(?:with|in|of|to)\s+/i,
  /^experience\s+(?=\w+ing\b)/i,
  /^(?:solid|strong|excellent|good|proven|deep)\s+/i,
];
/** A hard break ends the competency's name once it has two words; a soft one once it has three. */
const HARD_BREAK = /[;:]/g;
const SOFT_BREAK = /,\s|\s[-–—]\s/g;
const PARENTHESIS = /\s*\([^)]*\)/g;
/** Verbs that start imperative bullets ("Design, build and operate …"), read as activities. */
const LEADING_VERBS = new Set(
  ('build collaborate create define deliver design develop drive help implement improve lead ' +
    'maintain manage mentor operate own partner plan review run scale set shape ship support take ' +
    'work write').split(' '),
);
const DOUBLED_FINAL_CONSONANT = new Set(['plan', 'run', 'set', 'ship']);
const DANGLING_WORDS = /(?:\s+(?:and|or|with|to|of|the|a|an|in|on|for|at|by|our|your|their|that|which|used|help))+$/i;

/** Turns a job description into four interview questions, preferring "looking for" bullets. */
export function draftScreeningQuestions(jobTitle: string, description: string): ScreeningQuestion[] {
  const requirements = rankRequirements(readRequirements(description));
  const questions = requirements.slice(0, QUESTION_COUNT).map((requirement, index) => {
    const competency = toCompetency(requirement.bullet);
    return {
      text: phraseQuestion(competency, index),
      competency,
      rubric: writeRubric(lowerFirst(competency)),
      weight: weighRequirement(requirement),
    };
  });

  const fillers = genericQuestions(jobTitle);
  while (questions.length < QUESTION_COUNT) questions.push(fillers[questions.length]!);
  return questions;
}

/** Bullets with the heading (the last non-bullet line) they appear under. */
function readRequirements(description: string): Requirement[] {
  const requirements: Requirement[] = [];
  let section = '';
  for (const line of description.split(/\r?\n/)) {
    const bullet = BULLET.exec(line)?.[1]?.trim();
    if (bullet) requirements.push({ bullet, section });
    else if (line.trim() !== '') section = line.trim();
  }
  return requirements;
}

function rankRequirements(requirements: Requirement[]): Requirement[] {
  const isPreferred = (r: Requirement) => /looking for/i.test(r.section);
  return [...requirements.filter(isPreferred), ...requirements.filter((r) => !isPreferred(r))];
}

function weighRequirement({ section }: Requirement): number {
  if (/looking for/i.test(section)) return 3;
  if (/nice to have|bonus|plus/i.test(section)) return 1;
  return 2;
}

/** The short name of what a bullet asks for: its first clause, without qualifiers like "Solid". */
export function toCompetency(bullet: string): string {
  let text = bullet.replace(PARENTHESIS, '').replace(/[.!]+$/, '');
  for (const qualifier of QUALIFIERS) text = text.replace(qualifier, '');
  text = cutAtBreak(cutAtBreak(text, HARD_BREAK, 2), SOFT_BREAK, 3);

  const name = firstWords(text, 8).replace(DANGLING_WORDS, '').trim();
  return upperFirst(toActivity(name));
}

function cutAtBreak(text: string, breaks: RegExp, minWords: number): string {
  for (const match of text.matchAll(breaks)) {
    const head = text.slice(0, match.index);
    if (countWords(head) >= minWords) return head;
  }
  return text;
}

/** "Design, build and operate X" becomes "designing, building and operating X". */
function toActivity(name: string): string {
  if (!LEADING_VERBS.has(name.split(/\W/)[0]!.toLowerCase())) return name;
  return name.replace(/(^|, |\band |\bor )(\w+)/g, (match, joint: string, word: string) =>
    LEADING_VERBS.has(word.toLowerCase()) ? joint + toGerund(word.toLowerCase()) : match,
  );
}

function toGerund(verb: string): string {
  if (DOUBLED_FINAL_CONSONANT.has(verb)) return `${verb}${verb.at(-1)}ing`;
  if (/[^e]e$/.test(verb)) return `${verb.slice(0, -1)}ing`;
  return `${verb}ing`;
}

function phraseQuestion(competency: string, index: number): string {
  const topic = lowerFirst(competency);
  const isActivity = /^\w+ing\b/.test(topic);
  const templates = isActivity
    ? [
        `Tell me about a time you were ${topic}. What was the hardest part, and how did you handle it?`,
        `How have you approached ${topic} in a recent role? Walk me through a specific example.`,
        `Tell me about a time you ran into a serious problem while ${topic}. What did you do?`,
        `How have you improved the way your team goes about ${topic}? Give me a concrete example.`,
      ]
    : [
        `Tell me about a time you relied on ${topic} to solve a real problem. What did you do, and what was the outcome?`,
        `How have you applied ${topic} in a recent role? Walk me through a specific example.`,
        `Tell me about a time you faced a hard problem involving ${topic}. How did you approach it?`,
        `How have you demonstrated ${topic} in your recent work? Please give a concrete example.`,
      ];
  return templates[index % templates.length]!;
}

function writeRubric(topic: string): ScreeningQuestion['rubric'] {
  return {
    '1': `No relevant example of ${topic}; the answer is vague or off-topic.`,
    '2': `Talks about ${topic} only in general terms, without a concrete situation or their own part in it.`,
    '3': `Gives one real example of ${topic} with some detail on their own actions, but little on results or trade-offs.`,
    '4': `Describes a concrete example of ${topic} clearly, including their own decisions and a measurable outcome.`,
    '5': `Several strong examples of ${topic}, with trade-offs weighed, measurable impact and lessons applied later.`,
  };
}

function genericQuestions(jobTitle: string): ScreeningQuestion[] {
  const role = jobTitle ? `the ${jobTitle} role` : 'this role';
  const question = (text: string, competency: string): ScreeningQuestion => ({
    text,
    competency,
    rubric: writeRubric(lowerFirst(competency)),
    weight: 1,
  });
  return [
    question(`What draws you to ${role}, and how does it fit what you have done so far?`, 'Motivation for the role'),
    question(`Tell me about a project you are proud of that is relevant to ${role}. What was your part in it?`, 'Relevant experience'),
    question('How have you handled a disagreement with a colleague about how to approach a piece of work?', 'Collaboration'),
    question('Tell me about a time you had to learn something new quickly to get a job done.', 'Learning quickly'),
  ];
}
