import { escapeHtml } from '../mail/mailer.js';
import { RECOMMENDATION_LABEL } from '../scoring/recommendation.js';
import type { Recommendation } from '../scoring/evaluation.entity.js';

export interface NoteInput {
  jobTitle: string;
  overallScore: number;
  recommendation: Recommendation;
  summary: string;
  completedAt: Date | null;
  interviewerLabel: string;
  answers: { competency: string; score: number }[];
  transcriptUrl: string;
}

/**
 * The note posted to the candidate's Ashby profile. Ashby keeps only <b> <i> <u> <a> <ul> <ol>
 * <li> <code> <pre> and strips everything else (paragraphs and line breaks included), so the
 * layout is bold headings and lists. Every piece of text is escaped exactly once, here.
 */
export function buildNote(input: NoteInput): string {
  const e = escapeHtml;
  const completed = input.completedAt ? input.completedAt.toISOString().slice(0, 16).replace('T', ' ') + ' UTC' : 'not recorded';
  return [
    `<b>Prelim screening interview: ${e(input.jobTitle)}</b>`,
    '<ul>',
    `<li><b>Overall score:</b> ${input.overallScore.toFixed(1)} / 5</li>`,
    `<li><b>Recommendation:</b> ${e(RECOMMENDATION_LABEL[input.recommendation])}</li>`,
    `<li><b>Completed:</b> ${e(completed)}</li>`,
    `<li><b>Interviewer:</b> ${e(input.interviewerLabel)}</li>`,
    '</ul>',
    '<b>Summary</b>',
    `<ul><li>${e(input.summary)}</li></ul>`,
    '<b>Per question</b>',
    `<ol>${input.answers.map((a) => `<li>${e(a.competency)}: ${a.score} / 5</li>`).join('')}</ol>`,
    `<a href="${e(input.transcriptUrl)}">Full transcript and scoring</a>`,
  ].join('');
}
