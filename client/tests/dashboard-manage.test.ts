import { afterAll, beforeAll, expect, test } from 'vitest';
import { connectAshby, eventually, gql, inviteCandidate, startHarness, type Harness } from '../../server/src/test/harness.js';
import { launchBrowser, type Browser } from './browser.js';
import { PASSWORD, signUpAt, textWhen, useSession } from './dashboard-helpers.js';

const FIXTURE_JOB = 'Senior Backend Engineer (TypeScript)';

let h: Harness;
let owner: Browser;
let teammate: Browser;

beforeAll(async () => {
  h = await startHarness({ label: 'browser_manage', serveClient: true });
  [owner, teammate] = await Promise.all([launchBrowser(), launchBrowser()]);
});
afterAll(async () => {
  await Promise.allSettled([owner?.close(), teammate?.close()]);
  await h?.close();
});

interface QuestionRow {
  id: string;
  text: string;
  competency: string;
  weight: number;
}

async function questionsOf(cookie: string, jobId: string): Promise<QuestionRow[]> {
  const reply = await gql(h.baseUrl, 'query($id: ID!) { job(id: $id) { questions { id text competency weight } } }', { id: jobId }, { cookie });
  return reply.data!.job.questions as QuestionRow[];
}

test("a recruiter reorders a job's questions with the keyboard, edits, adds and removes them", async () => {
  const cookie = await signUpAt(h.baseUrl, { orgName: 'Lakeside Hiring', name: 'Robin Hale', email: 'robin@lakeside.example.com' });
  await inviteCandidate(h, await connectAshby(h, cookie), 'Edsger Dijkstra');
  const jobId = (await gql(h.baseUrl, '{ jobs { id } }', {}, { cookie })).data!.jobs[0].id as string;
  const [q1, q2, q3, q4] = await questionsOf(cookie, jobId);

  await useSession(owner.context, h.baseUrl, cookie);
  const page = await owner.context.newPage();
  await page.goto(`${h.baseUrl}/jobs`);
  const row = page.getByTestId('job-row');
  await row.waitFor();
  expect(await row.getByTestId('job-title').innerText()).toBe(FIXTURE_JOB);
  expect(await row.getByTestId('job-question-count').innerText()).toBe('4');
  expect(await row.getByTestId('job-interview-count').innerText()).toBe('1');
  await row.getByTestId('job-title').click();
  await page.waitForURL(`${h.baseUrl}/jobs/${jobId}`);
  await page.getByTestId('question').first().waitFor();
  expect(await page.getByTestId('question-text').allInnerTexts()).toEqual([q1!.text, q2!.text, q3!.text, q4!.text]);

  // Enter on "Move down" twice: the focus stays on the moved question's button each time.
  await page.locator(`#question-down-${q1!.id}`).focus();
  await page.keyboard.press('Enter');
  await eventually(async () => (await page.evaluate(() => document.activeElement?.id)) === `question-down-${q1!.id}`, 'focus on the moved question');
  await page.keyboard.press('Enter');
  await eventually(async () => (await questionsOf(cookie, jobId)).map((q) => q.id).join() === [q2!.id, q3!.id, q1!.id, q4!.id].join(), 'the saved order');
  expect(await page.evaluate(() => document.activeElement?.id)).toBe(`question-down-${q1!.id}`);
  expect(await page.getByTestId('question-text').allInnerTexts()).toEqual([q2!.text, q3!.text, q1!.text, q4!.text]);

  // Edit the (new) first question.
  const first = page.getByTestId('question').first();
  await first.getByTestId('edit-question').click();
  const editor = page.getByTestId('question-editor');
  expect(await editor.getByTestId('question-text-input').inputValue()).toBe(q2!.text);
  await editor.getByTestId('question-text-input').fill('Tell me about a schema migration you planned without downtime. What did you do first?');
  await editor.getByTestId('question-weight-input').selectOption('3');
  await editor.getByTestId('question-save').click();
  expect(await textWhen(page.getByTestId('job-notice'), Boolean, 'the saved notice')).toBe('Question 1 saved.');
  const edited = (await questionsOf(cookie, jobId))[0]!;
  expect(edited).toMatchObject({ text: 'Tell me about a schema migration you planned without downtime. What did you do first?', weight: 3, competency: q2!.competency });
  expect(await page.getByTestId('question-text').first().innerText()).toBe(edited.text);

  // Adding: a question that is too short is refused with the field's reason, then fixed.
  await page.getByTestId('add-question').click();
  const adder = page.getByTestId('question-editor');
  await adder.getByTestId('question-text-input').fill('Why us?');
  await adder.getByTestId('question-competency-input').fill('Motivation');
  for (const level of [1, 2, 3, 4, 5]) await adder.getByTestId(`question-rubric-input-${level}`).fill(`What a level ${level} answer looks like.`);
  await adder.getByTestId('question-save').click();
  expect(await textWhen(adder.getByTestId('question-text-error'), Boolean, 'the text field error')).toBe('Write the question in 10 to 600 characters (it has 7).');
  expect(await adder.getByTestId('question-editor-error').innerText()).toBe('Please fix the fields marked below.');
  await adder.getByTestId('question-text-input').fill('What would you want to learn in your first three months here?');
  await adder.getByTestId('question-save').click();
  await textWhen(page.getByTestId('job-notice'), (t) => t === 'Question added at the end.', 'the added notice');
  const afterAdd = await questionsOf(cookie, jobId);
  expect(afterAdd).toHaveLength(5);
  expect(afterAdd[4]).toMatchObject({ text: 'What would you want to learn in your first three months here?', competency: 'Motivation', weight: 1 });

  // Removing asks first; Cancel keeps the question.
  const last = page.getByTestId('question').last();
  await last.getByTestId('remove-question').click();
  await page.getByTestId('remove-question-dialog').getByRole('button', { name: 'Cancel' }).click();
  expect(await page.getByTestId('question').count()).toBe(5);
  await last.getByTestId('remove-question').click();
  await page.getByTestId('remove-question-dialog-confirm').click();
  await textWhen(page.getByTestId('job-notice'), (t) => t === 'Question 5 removed.', 'the removed notice');
  expect((await questionsOf(cookie, jobId)).map((q) => q.text)).toEqual([edited.text, q3!.text, q1!.text, q4!.text]);
  expect(await page.getByTestId('question').count()).toBe(4);
  await page.close();
});

test('a recruiter resends an invitation and cancels an interview after confirming', async () => {
  const cookie = await signUpAt(h.baseUrl, { orgName: 'Harbour Talent', name: 'Casey Moss', email: 'casey@harbour.example.com' });
  const invited = await inviteCandidate(h, await connectAshby(h, cookie), 'Barbara Liskov');
  await useSession(owner.context, h.baseUrl, cookie);
  const page = await owner.context.newPage();
  await page.goto(`${h.baseUrl}/interviews/${invited.interviewId}`);
  expect(await page.getByTestId('report-status').getAttribute('data-status')).toBe('INVITED');

  await page.getByTestId('resend-invite').click();
  expect(await textWhen(page.getByTestId('report-action-done'), Boolean, 'the resend notice')).toBe(`The invitation was sent again to ${invited.email}.`);
  await eventually(() => h.mail.messages.filter((m) => m.to.includes(invited.email)).length === 2, 'the second invitation email');

  // Escape closes the question without cancelling anything.
  await page.getByTestId('cancel-interview').click();
  await page.getByTestId('cancel-dialog').waitFor();
  await page.keyboard.press('Escape');
  await page.getByTestId('cancel-dialog').waitFor({ state: 'hidden' });
  expect(await page.getByTestId('report-status').getAttribute('data-status')).toBe('INVITED');

  await page.getByTestId('cancel-interview').click();
  await page.getByTestId('cancel-dialog-confirm').click();
  await textWhen(page.getByTestId('report-status'), (t) => t === 'Cancelled', 'the cancelled status');
  expect(await page.getByTestId('report-actions').count()).toBe(0);
  const link = (await fetch(`${h.baseUrl}/api/interview-link/${invited.token}`).then((r) => r.json())) as { status: string };
  expect(link.status).toBe('cancelled');
  await page.close();
});

test('an owner invites a teammate who joins through the emailed link; then changes their role and removes them', async () => {
  const cookie = await signUpAt(h.baseUrl, { orgName: 'Summit Recruiting', name: 'Alex Rowe', email: 'alex@summit.example.com' });
  await useSession(owner.context, h.baseUrl, cookie);
  const page = await owner.context.newPage();
  await page.goto(`${h.baseUrl}/settings/team`);
  await page.getByTestId('invitations-empty').waitFor();

  await page.getByLabel('Email').fill('taylor@summit.example.com');
  await page.getByTestId('invite-role').selectOption('RECRUITER');
  await page.getByTestId('invite-submit').click();
  expect(await textWhen(page.getByTestId('team-notice'), Boolean, 'the invitation notice')).toMatch(/^Invitation sent to taylor@summit\.example\.com as Recruiter\. The link is valid until /);
  expect(await page.getByTestId('invitation-email').allInnerTexts()).toEqual(['taylor@summit.example.com']);
  const mail = await h.mail.waitFor((m) => m.to.includes('taylor@summit.example.com'), 15_000);
  const joinLink = /https?:\/\/\S+\/join\/[A-Za-z0-9_-]+/.exec(mail.text)![0];

  // The teammate joins in their own browser.
  const join = await teammate.context.newPage();
  await join.goto(joinLink);
  expect(await join.getByTestId('join-org-name').innerText()).toBe('Join Summit Recruiting on Prelim');
  expect(await join.getByTestId('join-role').innerText()).toBe('Recruiter');
  expect(await join.getByTestId('join-email').inputValue()).toBe('taylor@summit.example.com');
  await join.getByLabel('Your name').fill('Taylor Quinn');
  await join.getByLabel('Password').fill(PASSWORD);
  await join.getByTestId('join-submit').click();
  await join.waitForURL(`${h.baseUrl}/candidates`);
  expect(await join.getByTestId('org-name').innerText()).toBe('Summit Recruiting');

  // The owner sees them, makes them a viewer, then removes them.
  await page.reload();
  const member = page.getByTestId('member').filter({ hasText: 'Taylor Quinn' });
  await member.waitFor();
  expect(await page.getByTestId('invitations-empty').count()).toBe(1);
  await member.getByTestId('member-role-select').selectOption('VIEWER');
  await textWhen(page.getByTestId('team-notice'), (t) => t === 'Taylor Quinn is now Viewer.', 'the role notice');
  const members = (await gql(h.baseUrl, '{ members { role user { name } } }', {}, { cookie })).data!.members as { role: string; user: { name: string } }[];
  expect(members.map((m) => [m.user.name, m.role])).toEqual([['Alex Rowe', 'OWNER'], ['Taylor Quinn', 'VIEWER']]);

  await member.getByTestId('member-remove').click();
  await page.getByTestId('remove-member-dialog-confirm').click();
  await textWhen(page.getByTestId('team-notice'), (t) => t === 'Taylor Quinn no longer has access to Summit Recruiting.', 'the removal notice');
  expect(await page.getByTestId('member-name').allInnerTexts()).toEqual(['Alex Rowe']);

  // Their session ended with their membership.
  await join.goto(`${h.baseUrl}/jobs`);
  await join.waitForURL(`${h.baseUrl}/login?next=%2Fjobs`);
  await Promise.all([page.close(), join.close()]);
});

test('a job whose posting has no description gets one written on the page, and its questions regenerated from it after confirming', async () => {
  const cookie = await signUpAt(h.baseUrl, { orgName: 'Meadow Works', name: 'Jamie Fox', email: 'jamie@meadow.example.com' });
  const webhook = await connectAshby(h, cookie);
  const { jobId: ashbyJobId } = h.ashby.addJob({ title: 'Support Engineer', descriptionPlain: null });
  const { applicationId } = h.ashby.addCandidateApplication({ candidateName: 'Frances Allen', email: 'frances.allen@example.com', jobId: ashbyJobId });
  await h.ashby.deliverStageChange({ url: webhook.webhookUrl, secret: webhook.signingSecret, applicationId, stageTitle: 'AI Screening Interview' });
  const jobId = await eventually(async () => (await gql(h.baseUrl, '{ jobs { id } }', {}, { cookie })).data?.jobs[0]?.id as string | undefined, 'the mirrored job');
  const before = await questionsOf(cookie, jobId);

  await useSession(owner.context, h.baseUrl, cookie);
  const page = await owner.context.newPage();
  await page.goto(`${h.baseUrl}/jobs/${jobId}`);
  await page.getByTestId('job-no-description').waitFor();
  const description = 'You will help our customers succeed.\n\nREQUIREMENTS\n- Debug integrations with customer engineers over email and calls\n- Write clear runbooks for recurring problems\n- Reproduce bugs and report them to the product team with evidence';
  await page.getByLabel('Job description').fill(description);
  await page.getByTestId('job-description-save').click();
  await textWhen(page.getByTestId('job-notice'), (t) => t === 'Description saved. Regenerate the questions to write them from it.', 'the description notice');
  await page.getByTestId('job-description').waitFor();
  expect((await gql(h.baseUrl, 'query($id: ID!) { job(id: $id) { description } }', { id: jobId }, { cookie })).data!.job.description).toBe(description);

  await page.getByTestId('regenerate-questions').click();
  await page.getByTestId('regenerate-dialog-confirm').click();
  await textWhen(page.getByTestId('job-notice'), (t) => t === 'New questions were written from the description.', 'the regenerated notice');
  const after = await questionsOf(cookie, jobId);
  expect(after.map((q) => q.id)).not.toEqual(expect.arrayContaining(before.map((q) => q.id)));
  expect(after.some((q) => /runbooks|integrations|bugs/i.test(q.text))).toBe(true);
  expect(await page.getByTestId('question-text').allInnerTexts()).toEqual(after.map((q) => q.text));
  await page.close();
});
