import { describe, expect, test } from 'vitest';
import { NOTE_ALLOWED_TAGS, stripDisallowedHtml } from '../../../scripts/fake-ashby/note-html.js';
import { Recommendation } from '../scoring/evaluation.entity.js';
import { buildNote, type NoteInput } from './note.js';

const INPUT: NoteInput = {
  jobTitle: 'R&D <Platform> Engineer',
  overallScore: 4,
  recommendation: Recommendation.YES,
  summary: `<script>alert(1)</script> & "quotes" it's`,
  completedAt: new Date('2026-12-04T15:30:45.123Z'),
  interviewerLabel: 'AI interviewer (gpt-4o-mini)',
  answers: [
    { competency: 'SQL & <data> modelling', score: 4 },
    { competency: 'Communication', score: 2 },
  ],
  transcriptUrl: 'https://prelim.example.com/interviews/abc?x=1&y="2"',
};

function tagsOf(html: string): string[] {
  return [...html.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9-]*)/g)].map((m) => m[1]!.toLowerCase());
}

describe('buildNote', () => {
  test('lays out the result in bold headings and lists, every piece of text escaped once', () => {
    expect(buildNote(INPUT)).toBe(
      '<b>Prelim screening interview: R&amp;D &lt;Platform&gt; Engineer</b>' +
        '<ul><li><b>Overall score:</b> 4.0 / 5</li><li><b>Recommendation:</b> Yes</li><li><b>Completed:</b> 2026-12-04 15:30 UTC</li><li><b>Interviewer:</b> AI interviewer (gpt-4o-mini)</li></ul>' +
        '<b>Summary</b><ul><li>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot; it&#39;s</li></ul>' +
        '<b>Per question</b><ol><li>SQL &amp; &lt;data&gt; modelling: 4 / 5</li><li>Communication: 2 / 5</li></ol>' +
        '<a href="https://prelim.example.com/interviews/abc?x=1&amp;y=&quot;2&quot;">Full transcript and scoring</a>',
    );
  });

  test("uses only tags Ashby keeps, so nothing is stripped on Ashby's side", () => {
    const html = buildNote(INPUT);
    expect(new Set(tagsOf(html))).toEqual(new Set(['b', 'ul', 'li', 'ol', 'a']));
    expect(tagsOf(html).every((t) => NOTE_ALLOWED_TAGS.has(t))).toBe(true);
    expect(stripDisallowedHtml(html)).toBe(html);
  });

  test('shows text that looks like an entity as it was typed', () => {
    const html = buildNote({ ...INPUT, summary: 'Wrote &amp; and &lt;b&gt; literally.' });
    expect(html).toContain('<ul><li>Wrote &amp;amp; and &amp;lt;b&amp;gt; literally.</li></ul>');
  });

  test('says when the completion time is unknown and keeps one decimal on the score', () => {
    const html = buildNote({ ...INPUT, completedAt: null, overallScore: 3.4, recommendation: Recommendation.STRONG_NO, answers: [] });
    expect(html).toContain('<li><b>Completed:</b> not recorded</li>');
    expect(html).toContain('<li><b>Overall score:</b> 3.4 / 5</li><li><b>Recommendation:</b> Strong no</li>');
    expect(html).toContain('<b>Per question</b><ol></ol>');
  });
});
