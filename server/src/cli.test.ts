import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { ApiToken } from './orgs/auth.entity.js';
import { Membership, Role } from './orgs/org.entity.js';
import { openDatabase, type Orm } from './platform/db.js';
import { createLogger } from './platform/logger.js';
import { hashToken } from './platform/secrets.js';
import { createTestDatabase, type TestDatabase } from './test/db.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
let db: TestDatabase;
let orm: Orm;

beforeAll(async () => {
  db = await createTestDatabase('cli');
  orm = await openDatabase({ url: db.url, log: createLogger('silent') });
});
afterAll(async () => {
  await orm?.close();
  await db?.drop();
});

function prelim(...args: string[]) {
  return run(process.execPath, ['--import', '@swc-node/register/esm-register', 'server/src/cli.ts', ...args], { cwd: ROOT, env: { ...process.env, DATABASE_URL: db.url, LOG_LEVEL: 'silent' } });
}

test('create-org makes the organisation, its owner and a working API token', async () => {
  const { stdout } = await prelim('create-org', '--name', 'Brightlane Labs', '--owner-email', 'Dana@Example.com', '--owner-name', 'Dana Whitfield');
  const password = /Password:\s+(\S+)/.exec(stdout)?.[1];
  const token = /API token:\s+(prelim_\S+)/.exec(stdout)?.[1];
  expect(password).toMatch(/^[A-Za-z0-9_-]{16}$/);
  expect(token).toMatch(/^prelim_[A-Za-z0-9_-]{43}$/);

  const em = orm.em.fork();
  const membership = await em.findOneOrFail(Membership, { user: { email: 'dana@example.com' } }, { populate: ['org', 'user'] });
  expect({ org: membership.org.name, role: membership.role, name: membership.user.name }).toEqual({ org: 'Brightlane Labs', role: Role.OWNER, name: 'Dana Whitfield' });
  expect(membership.user.passwordHash).toMatch(/^scrypt\$/);
  const apiToken = await em.findOneOrFail(ApiToken, { tokenHash: hashToken(token!) });
  expect(apiToken.org.id).toBe(membership.org.id);
});

test('bad input gets a usage message and exit code 2, and creates nothing', async () => {
  const error = await prelim('create-org', '--name', 'Acme').catch((e: { code: number; stderr: string }) => e);
  expect(error).toMatchObject({ code: 2, stderr: 'create-org needs --owner-email, --owner-name.\n' });
  const unknown = await prelim('frobnicate').catch((e: { code: number; stderr: string }) => e);
  expect(unknown).toMatchObject({ code: 2 });
  expect((unknown as { stderr: string }).stderr).toContain("Unknown command 'frobnicate'.");
  expect(await orm.em.fork().count(Membership, { org: { name: 'Acme' } })).toBe(0);
});

test('revoke-token ends an API token: it no longer authenticates', async () => {
  const { stdout } = await prelim('create-org', '--name', 'Revokers', '--owner-email', 'rev@example.com', '--owner-name', 'Rev Oker');
  const orgId = /\(([0-9a-f-]{36})\)/.exec(stdout)![1]!;
  const { stdout: revoked } = await prelim('revoke-token', '--org', orgId, '--name', 'created with the organisation');
  expect(revoked).toBe("Revoked 1 API token named 'created with the organisation'.\n");
  const token = await orm.em.fork().findOneOrFail(ApiToken, { org: orgId });
  expect(token.revokedAt).toBeInstanceOf(Date);
  const again = await prelim('revoke-token', '--org', orgId, '--name', 'created with the organisation').catch((e: { code: number; stderr: string }) => e);
  expect(again).toMatchObject({ code: 2 });
});
