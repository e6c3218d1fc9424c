import { afterAll, beforeAll, expect, test } from 'vitest';
import { connectAshby, createOrg, gql, signIn, startHarness, type Harness } from '../test/harness.js';

let h: Harness;
let cookie: string;

beforeAll(async () => {
  h = await startHarness({ label: 'nul_input' });
  await createOrg(h);
  cookie = await signIn(h.baseUrl);
});
afterAll(async () => {
  await h?.close();
});

const REFUSED = { error: { code: 'BAD_USER_INPUT', message: 'Text may not contain NUL characters (\\u0000); remove them and send again.' } };

async function post(path: string, body: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${h.baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  return { status: response.status, body: await response.json() };
}

test('a NUL in GraphQL variables or in a string literal of the query is refused with 400, not a database error', async () => {
  expect(await post('/graphql', JSON.stringify({ query: 'mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { id } }', variables: { e: 'a\u0000@b.co', p: 'x' } }))).toEqual({ status: 400, body: REFUSED });
  expect(await post('/graphql', JSON.stringify({ query: 'mutation { setTriggerStage(name: "AI\\u0000Screen") { triggerStage } }' }), { cookie })).toEqual({ status: 400, body: REFUSED });
  // Everything else still works.
  expect((await gql(h.baseUrl, 'query { org { name } }', {}, { cookie })).data).toEqual({ org: { name: 'Brightlane Labs' } });
});

test('a NUL in an authenticated partner API body is refused before it reaches the database', async () => {
  await connectAshby(h, cookie);
  const key = (await gql(h.baseUrl, 'query { ashbyIntegration { assessmentApiKey } }', {}, { cookie })).data!.ashbyIntegration.assessmentApiKey as string;
  const reply = await post('/ashby/assessment/assessment.start', JSON.stringify({ assessment_type_id: 'x\u0000' }), { authorization: `Bearer ${key}` });
  expect(reply).toEqual({ status: 400, body: { message: REFUSED.error.message } });
});
