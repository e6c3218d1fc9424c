import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { hashToken } from '../platform/secrets.js';
import { createOrg, gql, signIn, startHarness, TEST_PASSWORD, type GqlReply, type Harness } from '../test/harness.js';
import { Session } from './auth.entity.js';
import { hashPassword } from './auth.service.js';
import { Invitation } from './invitation.entity.js';
import { Membership, Org, Role, User } from './org.entity.js';

// Accounts over GraphQL on real HTTP: sign-up, sessions, sign-in throttling, the team and its
// invitations (read from the SMTP capture), and the rules about roles and owners.

const SIGN_UP = 'mutation($input: SignUpInput!) { signUp(input: $input) { user { email name } org { name } role } }';
const SIGN_IN = 'mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { email } }';
const VIEWER = 'query { viewer { user { email name } org { id name } role } }';
const INVITE = 'mutation($e: String!, $r: Role!) { inviteMember(email: $e, role: $r) { id email role createdAt expiresAt } }';
const ACCEPT = 'mutation($t: String!, $n: String!, $p: String!) { acceptInvitation(token: $t, name: $n, password: $p) { user { email name } org { name } role } }';
const PREVIEW = 'query($t: String!) { invitation(token: $t) { orgName email role expired } }';
const UPDATE_ROLE = 'mutation($u: ID!, $r: Role!) { updateMemberRole(userId: $u, role: $r) { user { email } role } }';
const REMOVE = 'mutation($u: ID!) { removeMember(userId: $u) }';
const WRONG_PASSWORD = 'wrong horse battery staple';
const UNAUTHENTICATED = [{ message: 'Sign in to continue.', extensions: { code: 'UNAUTHENTICATED' } }];
const ADMIN_ONLY = [{ message: 'Only owners and admins can change integrations and settings.', extensions: { code: 'FORBIDDEN' } }];

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ label: 'accounts' });
});
afterAll(async () => {
  await h?.close();
});

const em = () => h.app.services.orm.em.fork();

function errorsOf(reply: GqlReply<unknown>) {
  return reply.errors?.map((e) => ({ message: e.message, extensions: e.extensions }));
}

/** A person with a password in the organisation, signed in. */
async function addMember(org: Org, email: string, role: Role, name = 'Alex Member'): Promise<{ user: User; cookie: string }> {
  const fork = em();
  const user = (await fork.findOne(User, { email })) ?? fork.create(User, { email, name, passwordHash: await hashPassword(TEST_PASSWORD) });
  fork.create(Membership, { org: org.id, user, role });
  await fork.flush();
  return { user, cookie: await signIn(h.baseUrl, email) };
}

async function roleOf(org: Org, user: User): Promise<Role | null> {
  return (await em().findOne(Membership, { org: org.id, user: user.id }))?.role ?? null;
}

/** Invites through GraphQL and reads the join link from the email that arrives. */
async function invite(cookie: string, email: string, role: Role): Promise<{ id: string; token: string; link: string; subject: string; text: string }> {
  const sent = () => h.mail.messages.filter((m) => m.to.includes(email.toLowerCase()));
  const sentBefore = sent().length;
  const reply = await gql(h.baseUrl, INVITE, { e: email, r: role.toUpperCase() }, { cookie });
  expect(errorsOf(reply)).toBeUndefined();
  await h.mail.waitFor(() => sent().length > sentBefore, 10_000);
  const mail = sent().at(-1)!;
  const match = /https?:\/\/\S+\/join\/([A-Za-z0-9_-]{43})\b/.exec(mail.text);
  if (!match) throw new Error('no join link in the invitation email');
  return { id: reply.data!.inviteMember.id, token: match[1]!, link: match[0], subject: mail.subject, text: mail.text };
}

describe('sign-up', () => {
  test('creates the organisation with its first user as owner and signs them in', async () => {
    const reply = await gql(h.baseUrl, SIGN_UP, { input: { orgName: '  Harbor Robotics ', name: 'Mira Osei', email: 'Mira@Harbor.example.com', password: TEST_PASSWORD } });

    expect(reply.errors).toBeUndefined();
    expect(reply.data).toEqual({ signUp: { user: { email: 'mira@harbor.example.com', name: 'Mira Osei' }, org: { name: 'Harbor Robotics' }, role: 'OWNER' } });
    expect(reply.cookie).toMatch(/^prelim_session=[A-Za-z0-9_-]{43}$/);
    const user = await em().findOneOrFail(User, { email: 'mira@harbor.example.com' });
    const memberships = await em().find(Membership, { user }, { populate: ['org'] });
    expect(memberships.map((m) => [m.org.name, m.role])).toEqual([['Harbor Robotics', Role.OWNER]]);
    expect(await em().count(Session, { user })).toBe(1);
    const viewer = await gql(h.baseUrl, VIEWER, {}, { cookie: reply.cookie });
    expect(viewer.data).toEqual({ viewer: { user: { email: 'mira@harbor.example.com', name: 'Mira Osei' }, org: { id: memberships[0]!.org.id, name: 'Harbor Robotics' }, role: 'OWNER' } });
  });

  test('reports every bad field at once and creates nothing', async () => {
    const orgsBefore = await em().count(Org, {});

    const reply = await gql(h.baseUrl, SIGN_UP, { input: { orgName: ' ', name: '', email: 'not-an-email', password: 'short' } });

    expect(reply.data).toBeNull();
    expect(reply.cookie).toBeUndefined();
    expect(errorsOf(reply)).toMatchInlineSnapshot(`
      [
        {
          "extensions": {
            "code": "BAD_USER_INPUT",
            "fields": {
              "email": "Enter an email address like name@company.com.",
              "name": "Enter your name.",
              "orgName": "Enter the organisation name.",
              "password": "Use a password of at least 10 characters.",
            },
          },
          "message": "Cannot sign up: Enter the organisation name. Enter your name. Enter an email address like name@company.com. Use a password of at least 10 characters.",
        },
      ]
    `);
    expect(await em().count(Org, {})).toBe(orgsBefore);
  });

  test('an email that already has an account is a CONFLICT that says what to do, and no second organisation is made', async () => {
    await createOrg(h, 'Taken Inc', 'taken@taken.example.com');
    const orgsBefore = await em().count(Org, {});

    const reply = await gql(h.baseUrl, SIGN_UP, { input: { orgName: 'Copycat Ltd', name: 'Someone Else', email: ' TAKEN@taken.example.com', password: TEST_PASSWORD } });

    expect(reply.data).toBeNull();
    expect(reply.cookie).toBeUndefined();
    expect(errorsOf(reply)).toEqual([
      {
        message: 'An account with the email taken@taken.example.com already exists. Sign in instead, or ask an admin of your team to invite you.',
        extensions: { code: 'CONFLICT', fields: { email: 'An account with this email already exists.' } },
      },
    ]);
    expect(await em().count(Org, {})).toBe(orgsBefore);
  });
});

describe('sessions', () => {
  test('a session cookie still works after the server restarts, because sessions live in Postgres', async () => {
    const { org } = await createOrg(h, 'Restart Co', 'owner@restart.example.com');
    const cookie = await signIn(h.baseUrl, 'owner@restart.example.com');
    const oldUrl = h.baseUrl;

    await h.restart();

    expect(h.baseUrl).not.toBe(oldUrl);
    const reply = await gql(h.baseUrl, VIEWER, {}, { cookie });
    expect(reply.errors).toBeUndefined();
    expect(reply.data).toEqual({ viewer: { user: { email: 'owner@restart.example.com', name: 'Dana Whitfield' }, org: { id: org.id, name: 'Restart Co' }, role: 'OWNER' } });
  });
});

describe('sign-in throttling', () => {
  async function failSignIn(email: string, baseUrl = h.baseUrl) {
    const reply = await gql(baseUrl, SIGN_IN, { e: email, p: WRONG_PASSWORD });
    expect(errorsOf(reply)).toEqual([{ message: 'Email or password is incorrect.', extensions: { code: 'UNAUTHENTICATED' } }]);
  }

  /** When the email may try again: 15 minutes after the tenth most recent failure. */
  async function retryAtOf(email: string): Promise<Date> {
    const rows = await em().getConnection().execute<{ retry_at: Date }[]>(
      `select attempted_at + interval '15 minutes' as retry_at from sign_in_attempt where email = ? order by attempted_at desc offset 9 limit 1`,
      [email],
    );
    return new Date(rows[0]!.retry_at);
  }

  test('after 10 failures in 15 minutes even the right password is refused with RATE_LIMITED and the time to try again, also after a restart and on another instance', async () => {
    const email = 'throttled@throttle.example.com';
    await createOrg(h, 'Throttle Co', email);
    const other = await createOrg(h, 'Bystander Co', 'bystander@throttle.example.com');
    const second = await h.startProcess();

    // Failures counted together whichever instance saw them: 5 here, 5 on the other process.
    for (let i = 0; i < 5; i++) await failSignIn(email);
    for (let i = 0; i < 5; i++) await failSignIn(email, second.baseUrl);
    await h.restart();

    const retryAt = await retryAtOf(email);
    const expected = [
      {
        message: `Too many failed sign-in attempts for this email. Try again in 15 minutes (after ${retryAt.toISOString().slice(11, 16)} UTC).`,
        extensions: { code: 'RATE_LIMITED', retryAt: retryAt.toISOString() },
      },
    ];
    for (const baseUrl of [h.baseUrl, second.baseUrl]) {
      const refused = await gql(baseUrl, SIGN_IN, { e: 'Throttled@Throttle.example.com', p: TEST_PASSWORD });
      expect(refused.data).toBeNull();
      expect(refused.cookie).toBeUndefined();
      expect(errorsOf(refused)).toEqual(expected);
    }
    // Refused attempts check nothing and do not extend the pause; other emails are unaffected.
    expect(await em().getConnection().execute(`select count(*)::int as n from sign_in_attempt where email = ?`, [email])).toEqual([{ n: 10 }]);
    expect((await gql(h.baseUrl, SIGN_IN, { e: 'bystander@throttle.example.com', p: TEST_PASSWORD })).data).toEqual({ signIn: { email: other.user.email } });

    // Once the failures are older than the window, the right password works again and clears them.
    await em().getConnection().execute(`update sign_in_attempt set attempted_at = attempted_at - interval '16 minutes' where email = ?`, [email]);
    expect((await gql(h.baseUrl, SIGN_IN, { e: email, p: TEST_PASSWORD })).data).toEqual({ signIn: { email } });
    expect(await em().getConnection().execute(`select count(*)::int as n from sign_in_attempt where email = ?`, [email])).toEqual([{ n: 0 }]);
    await second.kill();
  }, 60_000);

  // Counting before recording would let every request of a burst pass the check before any failure landed.
  test('thirty wrong passwords sent at once get at most ten checked', async () => {
    const email = 'burst@throttle.example.com';
    await createOrg(h, 'Burst Co', email);

    const replies = await Promise.all(Array.from({ length: 30 }, () => gql(h.baseUrl, SIGN_IN, { e: email, p: WRONG_PASSWORD })));

    const codes = replies.map((r) => r.errors![0]!.extensions!.code);
    const checked = codes.filter((c) => c === 'UNAUTHENTICATED').length;
    expect(checked).toBeLessThanOrEqual(10);
    expect(codes.filter((c) => c === 'RATE_LIMITED').length).toBe(30 - checked);
    expect(await em().getConnection().execute(`select count(*)::int as n from sign_in_attempt where email = ?`, [email])).toEqual([{ n: checked }]);
  });

  test('a successful sign-in clears earlier failures, so they do not add up with later ones', async () => {
    const email = 'forgetful@throttle.example.com';
    await createOrg(h, 'Forgetful Co', email);
    for (let i = 0; i < 9; i++) await failSignIn(email);

    expect((await gql(h.baseUrl, SIGN_IN, { e: email, p: TEST_PASSWORD })).data).toEqual({ signIn: { email } });

    for (let i = 0; i < 9; i++) await failSignIn(email);
    expect((await gql(h.baseUrl, SIGN_IN, { e: email, p: TEST_PASSWORD })).data).toEqual({ signIn: { email } });
  });
});

describe('team and invitations', () => {
  let org: Org;
  let owner: { user: User; cookie: string };

  beforeAll(async () => {
    const created = await createOrg(h, 'Lumen Health', 'owner@lumen.example.com');
    org = created.org;
    owner = { user: created.user, cookie: await signIn(h.baseUrl, 'owner@lumen.example.com') };
  });

  test('an invitation emails a single-use join link whose token is stored only as a hash, valid for 7 days', async () => {
    const invited = await invite(owner.cookie, 'Rae@Lumen.example.com', Role.RECRUITER);

    expect(invited.link).toBe(`${h.baseUrl}/join/${invited.token}`);
    expect(invited.subject).toBe('Dana Whitfield invited you to Lumen Health on Prelim');
    expect(invited.text).toContain('as a recruiter (interviews and jobs)');
    const rows = await em().getConnection().execute('select * from invitation where id = ?', [invited.id]);
    expect(rows).toHaveLength(1);
    expect(rows[0].token_hash).toBe(hashToken(invited.token));
    expect(JSON.stringify(rows[0])).not.toContain(invited.token);
    expect(new Date(rows[0].expires_at).getTime() - new Date(rows[0].created_at).getTime()).toBe(7 * 24 * 3600 * 1000);
    expect(rows[0]).toMatchObject({ email: 'rae@lumen.example.com', role: 'recruiter', org_id: org.id, invited_by_id: owner.user.id, accepted_at: null, revoked_at: null });

    const listed = await gql(h.baseUrl, 'query { invitations { id email role } }', {}, { cookie: owner.cookie });
    expect(listed.data).toEqual({ invitations: [{ id: invited.id, email: 'rae@lumen.example.com', role: 'RECRUITER' }] });
    const preview = await gql(h.baseUrl, PREVIEW, { t: invited.token });
    expect(preview.data).toEqual({ invitation: { orgName: 'Lumen Health', email: 'rae@lumen.example.com', role: 'RECRUITER', expired: false } });

    // Accepting creates the account, joins with the role and signs in.
    const accepted = await gql(h.baseUrl, ACCEPT, { t: invited.token, n: ' Rae Lindqvist ', p: 'a new password 123' });
    expect(accepted.data).toEqual({ acceptInvitation: { user: { email: 'rae@lumen.example.com', name: 'Rae Lindqvist' }, org: { name: 'Lumen Health' }, role: 'RECRUITER' } });
    expect((await gql(h.baseUrl, VIEWER, {}, { cookie: accepted.cookie })).data!.viewer.role).toBe('RECRUITER');
    expect((await gql(h.baseUrl, SIGN_IN, { e: 'rae@lumen.example.com', p: 'a new password 123' })).data).toEqual({ signIn: { email: 'rae@lumen.example.com' } });

    // The link works once.
    const again = await gql(h.baseUrl, ACCEPT, { t: invited.token, n: 'Mallory', p: 'another password 456' });
    expect(again.data).toBeNull();
    expect(errorsOf(again)).toEqual([{ message: 'This invitation link is not valid or has already been used. Ask the person who invited you to send a new one.', extensions: { code: 'NOT_FOUND' } }]);
    expect((await gql(h.baseUrl, PREVIEW, { t: invited.token })).data).toEqual({ invitation: null });
    expect((await gql(h.baseUrl, 'query { invitations { id } }', {}, { cookie: owner.cookie })).data).toEqual({ invitations: [] });
    expect((await em().findOneOrFail(User, { email: 'rae@lumen.example.com' })).name).toBe('Rae Lindqvist');
  });

  test('the same link submitted twice at once makes one account and one membership', async () => {
    const { token } = await invite(owner.cookie, 'twice@lumen.example.com', Role.VIEWER);

    const replies = await Promise.all([0, 1].map(() => gql(h.baseUrl, ACCEPT, { t: token, n: 'Tess Twice', p: 'a new password 123' })));

    expect(replies.map((r) => (r.errors ? r.errors[0]!.extensions!.code : 'OK')).sort()).toEqual(['NOT_FOUND', 'OK']);
    expect(await em().count(User, { email: 'twice@lumen.example.com' })).toBe(1);
    expect(await em().count(Membership, { org: org.id, user: { email: 'twice@lumen.example.com' } })).toBe(1);
  });

  test('an existing account joins with its own password; a wrong one is refused and changes nothing', async () => {
    const elsewhere = await createOrg(h, 'Other Place', 'consultant@other.example.com');
    const { token } = await invite(owner.cookie, 'consultant@other.example.com', Role.ADMIN);

    const wrong = await gql(h.baseUrl, ACCEPT, { t: token, n: 'Ignored Name', p: WRONG_PASSWORD });

    expect(wrong.data).toBeNull();
    expect(wrong.cookie).toBeUndefined();
    expect(errorsOf(wrong)).toEqual([
      {
        message: 'An account with the email consultant@other.example.com already exists: enter its password to join with it.',
        extensions: { code: 'UNAUTHENTICATED', fields: { password: 'Enter the password of your existing account.' } },
      },
    ]);
    expect(await roleOf(org, elsewhere.user)).toBeNull();

    const right = await gql(h.baseUrl, ACCEPT, { t: token, n: 'Ignored Name', p: TEST_PASSWORD });

    expect(right.data).toEqual({ acceptInvitation: { user: { email: 'consultant@other.example.com', name: 'Dana Whitfield' }, org: { name: 'Lumen Health' }, role: 'ADMIN' } });
    expect(await roleOf(org, elsewhere.user)).toBe(Role.ADMIN);
    expect(await roleOf(elsewhere.org, elsewhere.user)).toBe(Role.OWNER);
    expect((await gql(h.baseUrl, VIEWER, {}, { cookie: right.cookie })).data!.viewer.org.name).toBe('Lumen Health');
  });

  test('a new account needs a name and a long enough password, reported together; the invitation stays usable', async () => {
    const { token } = await invite(owner.cookie, 'newbie@lumen.example.com', Role.VIEWER);

    const reply = await gql(h.baseUrl, ACCEPT, { t: token, n: '  ', p: 'short' });

    expect(errorsOf(reply)).toEqual([
      {
        message: 'Cannot create your account: Enter your name. Use a password of at least 10 characters.',
        extensions: { code: 'BAD_USER_INPUT', fields: { name: 'Enter your name.', password: 'Use a password of at least 10 characters.' } },
      },
    ]);
    expect(await em().count(User, { email: 'newbie@lumen.example.com' })).toBe(0);
    expect((await gql(h.baseUrl, PREVIEW, { t: token })).data).toEqual({ invitation: { orgName: 'Lumen Health', email: 'newbie@lumen.example.com', role: 'VIEWER', expired: false } });
  });

  test('an expired invitation shows as expired and cannot be accepted', async () => {
    const { id, token } = await invite(owner.cookie, 'late@lumen.example.com', Role.RECRUITER);
    const expiresAt = new Date('2026-01-02T03:04:05Z');
    await em().nativeUpdate(Invitation, { id }, { expiresAt });

    expect((await gql(h.baseUrl, PREVIEW, { t: token })).data).toEqual({ invitation: { orgName: 'Lumen Health', email: 'late@lumen.example.com', role: 'RECRUITER', expired: true } });
    const reply = await gql(h.baseUrl, ACCEPT, { t: token, n: 'Lee Late', p: 'a new password 123' });

    expect(errorsOf(reply)).toEqual([{ message: 'This invitation expired on Fri, 02 Jan 2026 03:04 UTC. Ask the person who invited you to send a new one.', extensions: { code: 'CONFLICT' } }]);
    expect(await em().count(User, { email: 'late@lumen.example.com' })).toBe(0);
  });

  test('a revoked invitation no longer works, and inviting the same email again replaces the earlier link', async () => {
    const first = await invite(owner.cookie, 'maybe@lumen.example.com', Role.RECRUITER);
    const second = await invite(owner.cookie, 'maybe@lumen.example.com', Role.VIEWER);

    expect(second.token).not.toBe(first.token);
    expect((await gql(h.baseUrl, PREVIEW, { t: first.token })).data).toEqual({ invitation: null });
    expect((await gql(h.baseUrl, 'query { invitations { email role } }', {}, { cookie: owner.cookie })).data!.invitations.filter((i: { email: string }) => i.email === 'maybe@lumen.example.com')).toEqual([
      { email: 'maybe@lumen.example.com', role: 'VIEWER' },
    ]);

    const revoked = await gql(h.baseUrl, 'mutation($id: ID!) { revokeInvitation(id: $id) }', { id: second.id }, { cookie: owner.cookie });

    expect(revoked.data).toEqual({ revokeInvitation: true });
    expect(errorsOf(await gql(h.baseUrl, ACCEPT, { t: second.token, n: 'May Be', p: 'a new password 123' }))![0]!.extensions).toEqual({ code: 'NOT_FOUND' });
    expect(errorsOf(await gql(h.baseUrl, 'mutation($id: ID!) { revokeInvitation(id: $id) }', { id: second.id }, { cookie: owner.cookie }))).toEqual([
      { message: 'The pending invitation was not found.', extensions: { code: 'NOT_FOUND' } },
    ]);
  });

  test('inviting someone who is already a member is a CONFLICT and sends nothing', async () => {
    const mailsBefore = h.mail.messages.length;

    const reply = await gql(h.baseUrl, INVITE, { e: 'OWNER@lumen.example.com', r: 'ADMIN' }, { cookie: owner.cookie });

    expect(errorsOf(reply)).toEqual([{ message: 'owner@lumen.example.com is already a member of this organisation. Change their role in the team list instead.', extensions: { code: 'CONFLICT' } }]);
    expect(h.mail.messages.length).toBe(mailsBefore);
  });

  test('an unknown or malformed token previews as null', async () => {
    expect((await gql(h.baseUrl, PREVIEW, { t: 'x'.repeat(43) })).data).toEqual({ invitation: null });
    expect((await gql(h.baseUrl, PREVIEW, { t: 'nope' })).data).toEqual({ invitation: null });
  });

  test('any member can list the members; only owners and admins see invitations', async () => {
    const viewer = await addMember(org, 'watcher@lumen.example.com', Role.VIEWER, 'Wes Watcher');

    const reply = await gql(h.baseUrl, 'query { members { user { email name } role joinedAt } }', {}, { cookie: viewer.cookie });

    expect(reply.errors).toBeUndefined();
    const members = reply.data!.members as { user: { email: string }; role: string; joinedAt: string }[];
    expect(members[0]).toEqual({ user: { email: 'owner@lumen.example.com', name: 'Dana Whitfield' }, role: 'OWNER', joinedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    expect(members.find((m) => m.user.email === 'watcher@lumen.example.com')).toEqual({ user: { email: 'watcher@lumen.example.com', name: 'Wes Watcher' }, role: 'VIEWER', joinedAt: expect.any(String) });
    expect(errorsOf(await gql(h.baseUrl, 'query { invitations { id } }', {}, { cookie: viewer.cookie }))).toEqual(ADMIN_ONLY);
  });
});

describe('roles and owners', () => {
  let org: Org;
  let owner: { user: User; cookie: string };

  beforeAll(async () => {
    const created = await createOrg(h, 'Quarry Labs', 'owner@quarry.example.com');
    org = created.org;
    owner = { user: created.user, cookie: await signIn(h.baseUrl, 'owner@quarry.example.com') };
  });

  test('an owner changes a member’s role; the member’s next request has the new role', async () => {
    const member = await addMember(org, 'rec@quarry.example.com', Role.RECRUITER);

    const reply = await gql(h.baseUrl, UPDATE_ROLE, { u: member.user.id, r: 'ADMIN' }, { cookie: owner.cookie });

    expect(reply.data).toEqual({ updateMemberRole: { user: { email: 'rec@quarry.example.com' }, role: 'ADMIN' } });
    expect(await roleOf(org, member.user)).toBe(Role.ADMIN);
    expect((await gql(h.baseUrl, VIEWER, {}, { cookie: member.cookie })).data!.viewer.role).toBe('ADMIN');
  });

  test('admins cannot make owners nor touch owners', async () => {
    const admin = await addMember(org, 'admin@quarry.example.com', Role.ADMIN);
    const recruiter = await addMember(org, 'rec2@quarry.example.com', Role.RECRUITER);
    const auth = { cookie: admin.cookie };

    const promote = await gql(h.baseUrl, UPDATE_ROLE, { u: recruiter.user.id, r: 'OWNER' }, auth);
    const demoteOwner = await gql(h.baseUrl, UPDATE_ROLE, { u: owner.user.id, r: 'VIEWER' }, auth);
    const removeOwner = await gql(h.baseUrl, REMOVE, { u: owner.user.id }, auth);
    const inviteOwner = await gql(h.baseUrl, INVITE, { e: 'boss@quarry.example.com', r: 'OWNER' }, auth);

    expect([promote, demoteOwner, removeOwner, inviteOwner].map(errorsOf)).toEqual([
      [{ message: 'Only owners can make someone an owner.', extensions: { code: 'FORBIDDEN' } }],
      [{ message: 'Only owners can change or remove another owner.', extensions: { code: 'FORBIDDEN' } }],
      [{ message: 'Only owners can change or remove another owner.', extensions: { code: 'FORBIDDEN' } }],
      [{ message: 'Only owners can make someone an owner.', extensions: { code: 'FORBIDDEN' } }],
    ]);
    expect(await roleOf(org, recruiter.user)).toBe(Role.RECRUITER);
    expect(await roleOf(org, owner.user)).toBe(Role.OWNER);
    expect(await em().count(Invitation, { email: 'boss@quarry.example.com' })).toBe(0);

    // What admins may do: change and remove non-owners.
    expect((await gql(h.baseUrl, UPDATE_ROLE, { u: recruiter.user.id, r: 'VIEWER' }, auth)).data).toEqual({ updateMemberRole: { user: { email: 'rec2@quarry.example.com' }, role: 'VIEWER' } });
    expect((await gql(h.baseUrl, REMOVE, { u: recruiter.user.id }, auth)).data).toEqual({ removeMember: true });
  });

  test('the only owner can neither step down nor be removed', async () => {
    const lastOwner = 'This is the only owner of the organisation. Make someone else an owner first: an organisation always keeps at least one owner.';

    const demote = await gql(h.baseUrl, UPDATE_ROLE, { u: owner.user.id, r: 'ADMIN' }, { cookie: owner.cookie });
    const remove = await gql(h.baseUrl, REMOVE, { u: owner.user.id }, { cookie: owner.cookie });

    expect(errorsOf(demote)).toEqual([{ message: lastOwner, extensions: { code: 'CONFLICT' } }]);
    expect(errorsOf(remove)).toEqual([{ message: lastOwner, extensions: { code: 'CONFLICT' } }]);
    expect(await roleOf(org, owner.user)).toBe(Role.OWNER);
  });

  test('two owners demoting each other at the same moment leave exactly one owner', async () => {
    const { org: pair, user: first } = await createOrg(h, 'Pair Co', 'first@pair.example.com');
    const second = await addMember(pair, 'second@pair.example.com', Role.OWNER);
    const firstCookie = await signIn(h.baseUrl, 'first@pair.example.com');

    const replies = await Promise.all([
      gql(h.baseUrl, UPDATE_ROLE, { u: second.user.id, r: 'ADMIN' }, { cookie: firstCookie }),
      gql(h.baseUrl, UPDATE_ROLE, { u: first.id, r: 'ADMIN' }, { cookie: second.cookie }),
    ]);

    // The loser is refused either way: by the last-owner rule (CONFLICT) when both checks overlap, or,
    // when the winner committed first, because it is no longer an owner at all (FORBIDDEN).
    const outcomes = replies.map((r) => (r.errors ? r.errors[0]!.extensions!.code : 'OK')).sort();
    expect(outcomes[1]).toBe('OK');
    expect(['CONFLICT', 'FORBIDDEN']).toContain(outcomes[0]);
    expect(await em().count(Membership, { org: pair.id, role: Role.OWNER })).toBe(1);
  });

  test('an owner makes another owner, who can then demote the first', async () => {
    const { org: duo, user: founder } = await createOrg(h, 'Duo Co', 'founder@duo.example.com');
    const founderCookie = await signIn(h.baseUrl, 'founder@duo.example.com');
    const partner = await addMember(duo, 'partner@duo.example.com', Role.ADMIN);

    expect((await gql(h.baseUrl, UPDATE_ROLE, { u: partner.user.id, r: 'OWNER' }, { cookie: founderCookie })).data).toEqual({ updateMemberRole: { user: { email: 'partner@duo.example.com' }, role: 'OWNER' } });
    expect((await gql(h.baseUrl, UPDATE_ROLE, { u: founder.id, r: 'RECRUITER' }, { cookie: partner.cookie })).data).toEqual({ updateMemberRole: { user: { email: 'founder@duo.example.com' }, role: 'RECRUITER' } });
    expect(await roleOf(duo, founder)).toBe(Role.RECRUITER);
  });

  test('a removed member is signed out of the organisation at once and keeps the account', async () => {
    const leaver = await addMember(org, 'leaver@quarry.example.com', Role.RECRUITER);
    expect((await gql(h.baseUrl, VIEWER, {}, { cookie: leaver.cookie })).data!.viewer.role).toBe('RECRUITER');

    const reply = await gql(h.baseUrl, REMOVE, { u: leaver.user.id }, { cookie: owner.cookie });

    expect(reply.data).toEqual({ removeMember: true });
    expect(errorsOf(await gql(h.baseUrl, VIEWER, {}, { cookie: leaver.cookie }))).toEqual(UNAUTHENTICATED);
    expect(await em().count(Session, { user: leaver.user.id, org: org.id })).toBe(0);
    expect(await roleOf(org, leaver.user)).toBeNull();
    expect(await em().count(User, { id: leaver.user.id })).toBe(1);
  });

  test("another organisation's members and invitations are not found", async () => {
    const { user: outsider } = await createOrg(h, 'Elsewhere Ltd', 'owner@elsewhere.example.com');
    const elsewhereCookie = await signIn(h.baseUrl, 'owner@elsewhere.example.com');
    const { id: invitationId } = await invite(owner.cookie, 'pending@quarry.example.com', Role.VIEWER);

    const update = await gql(h.baseUrl, UPDATE_ROLE, { u: outsider.id, r: 'VIEWER' }, { cookie: owner.cookie });
    const remove = await gql(h.baseUrl, REMOVE, { u: outsider.id }, { cookie: owner.cookie });
    const revoke = await gql(h.baseUrl, 'mutation($id: ID!) { revokeInvitation(id: $id) }', { id: invitationId }, { cookie: elsewhereCookie });
    const theirList = await gql(h.baseUrl, 'query { members { user { email } } invitations { email } }', {}, { cookie: elsewhereCookie });

    expect([update, remove].map(errorsOf)).toEqual([
      [{ message: 'The member was not found.', extensions: { code: 'NOT_FOUND' } }],
      [{ message: 'The member was not found.', extensions: { code: 'NOT_FOUND' } }],
    ]);
    expect(errorsOf(revoke)).toEqual([{ message: 'The pending invitation was not found.', extensions: { code: 'NOT_FOUND' } }]);
    expect(theirList.data).toEqual({ members: [{ user: { email: 'owner@elsewhere.example.com' } }], invitations: [] });
    expect((await em().findOneOrFail(Invitation, invitationId)).revokedAt).toBeNull();
  });

  test.each([Role.VIEWER, Role.RECRUITER])('a %s gets FORBIDDEN on every team mutation and nothing changes', async (role) => {
    const caller = await addMember(org, `${role}-caller@quarry.example.com`, role);
    const target = await addMember(org, `${role}-target@quarry.example.com`, Role.VIEWER);
    const { id: invitationId } = await invite(owner.cookie, `${role}-invitee@quarry.example.com`, Role.VIEWER);
    const mailsBefore = h.mail.messages.length;

    const replies = await Promise.all([
      gql(h.baseUrl, INVITE, { e: 'someone@quarry.example.com', r: 'VIEWER' }, { cookie: caller.cookie }),
      gql(h.baseUrl, 'mutation($id: ID!) { revokeInvitation(id: $id) }', { id: invitationId }, { cookie: caller.cookie }),
      gql(h.baseUrl, UPDATE_ROLE, { u: target.user.id, r: 'ADMIN' }, { cookie: caller.cookie }),
      gql(h.baseUrl, REMOVE, { u: target.user.id }, { cookie: caller.cookie }),
    ]);

    expect(replies.map(errorsOf)).toEqual([ADMIN_ONLY, ADMIN_ONLY, ADMIN_ONLY, ADMIN_ONLY]);
    expect(replies.map((r) => r.data)).toEqual([null, null, null, null]);
    expect(await roleOf(org, target.user)).toBe(Role.VIEWER);
    expect((await em().findOneOrFail(Invitation, invitationId)).revokedAt).toBeNull();
    expect(await em().count(Invitation, { email: 'someone@quarry.example.com' })).toBe(0);
    expect(h.mail.messages.length).toBe(mailsBefore);
  });

  test('signing up, accepting and previewing need no session; the rest of the team API does', async () => {
    const replies = await Promise.all([
      gql(h.baseUrl, VIEWER),
      gql(h.baseUrl, 'query { members { role } }'),
      gql(h.baseUrl, INVITE, { e: 'x@quarry.example.com', r: 'VIEWER' }),
      gql(h.baseUrl, UPDATE_ROLE, { u: owner.user.id, r: 'VIEWER' }),
      gql(h.baseUrl, REMOVE, { u: owner.user.id }),
    ]);

    expect(replies.map(errorsOf)).toEqual(Array.from({ length: 5 }, () => UNAUTHENTICATED));
  });
});

describe('when the invitation email cannot be sent', () => {
  let broken: Harness;

  beforeAll(async () => {
    // Port 9 (discard) has no SMTP server on the test machine: every send is refused.
    broken = await startHarness({ label: 'accounts_nomail', env: { SMTP_URL: 'smtp://127.0.0.1:9' } });
  });
  afterAll(async () => {
    await broken?.close();
  });

  test('inviteMember answers UPSTREAM_UNAVAILABLE and leaves no invitation behind', async () => {
    await createOrg(broken, 'Mailless Co', 'owner@mailless.example.com');
    const ownerCookie = await signIn(broken.baseUrl, 'owner@mailless.example.com');

    const reply = await gql(broken.baseUrl, INVITE, { e: 'friend@mailless.example.com', r: 'RECRUITER' }, { cookie: ownerCookie });

    expect(reply.data).toBeNull();
    expect(errorsOf(reply)).toEqual([{ message: 'The invitation email could not be sent, so no invitation was created. Check the mail settings (SMTP_URL) and try again.', extensions: { code: 'UPSTREAM_UNAVAILABLE' } }]);
    expect(await broken.app.services.orm.em.fork().count(Invitation, {})).toBe(0);
  });
});
