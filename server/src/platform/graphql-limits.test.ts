import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import WebSocket from 'ws';
import { createOrg, gql, signIn, startHarness, type Harness } from '../test/harness.js';

let h: Harness;
let cookie: string;

beforeAll(async () => {
  h = await startHarness({ label: 'gql_limits' });
  await createOrg(h);
  cookie = await signIn(h.baseUrl);
});
afterAll(async () => {
  await h?.close();
});

/** Eight levels of fragments, each spreading the next k times: k^8 paths if walked naively. */
function fragmentBomb(k: number): string {
  const levels = Array.from({ length: 8 }, (_, i) => `fragment F${i} on Query { ${Array(k).fill(`...F${i + 1}`).join(' ')} }`);
  return `query { ...F0 } ${levels.join(' ')} fragment F8 on Query { __typename }`;
}

describe('query limits', () => {
  test('a fragment bomb is measured once per fragment and refused for its size, not executed', async () => {
    const reply = await gql(h.baseUrl, fragmentBomb(12), {}, { cookie });
    expect(reply.status).toBe(400);
    expect(reply.errors?.map((e) => [e.extensions?.code, e.message])).toEqual([['GRAPHQL_VALIDATION_FAILED', 'Query selects more than 500 fields (aliases and fragments included); ask for less, or page through it.']]);
  });

  test('many aliases of a large field are refused', async () => {
    const aliases = Array.from({ length: 120 }, (_, i) => `a${i}: jobs { id title questions { id text competency weight } }`).join(' ');
    const reply = await gql(h.baseUrl, `query { ${aliases} }`, {}, { cookie });
    expect(reply.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  test('a query nested deeper than 10 levels is refused', async () => {
    const deep = 'query { __schema { types { fields { type { ofType { ofType { ofType { ofType { ofType { ofType { name } } } } } } } } } } }';
    const reply = await gql(h.baseUrl, deep, {}, { cookie });
    expect(reply.errors?.map((e) => e.message)).toEqual(['Query is nested deeper than 10 levels.']);
  });

  test('ordinary queries pass', async () => {
    const reply = await gql(h.baseUrl, 'query { org { name } jobs { id } }', {}, { cookie });
    expect(reply.data).toEqual({ org: { name: 'Brightlane Labs' }, jobs: [] });
  });
});

describe('the GraphQL websocket', () => {
  function open(headers: Record<string, string>): Promise<{ ws: WebSocket | null; status: number | null }> {
    return new Promise((resolve) => {
      const ws = new WebSocket(`${h.baseUrl.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws', { headers });
      ws.once('open', () => resolve({ ws, status: null }));
      ws.once('unexpected-response', (_req, res) => resolve({ ws: null, status: res.statusCode ?? null }));
      ws.once('error', () => resolve({ ws: null, status: null }));
    });
  }

  test('refuses an upgrade from another site’s page, which would carry the session cookie', async () => {
    const { ws, status } = await open({ cookie, origin: 'http://evil.example' });
    expect(ws).toBeNull();
    expect(status).toBe(403);
  });

  test('serves subscriptions only: a mutation sent over it is refused and changes nothing', async () => {
    const { ws } = await open({ cookie, origin: h.baseUrl });
    expect(ws).not.toBeNull();
    const messages: { type: string; id?: string; payload?: unknown }[] = [];
    ws!.on('message', (data) => messages.push(JSON.parse(String(data))));
    ws!.send(JSON.stringify({ type: 'connection_init' }));
    await until(() => messages.some((m) => m.type === 'connection_ack'));
    ws!.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: 'mutation { signOut }' } }));
    await until(() => messages.some((m) => m.id === '1'));
    expect(messages.find((m) => m.id === '1')).toEqual({
      id: '1',
      type: 'error',
      payload: [{ message: 'Only subscriptions are served over the websocket; send queries and mutations with HTTP POST /graphql.', extensions: { code: 'BAD_USER_INPUT' } }],
    });
    ws!.close();
    // The session still works: signOut did not run.
    expect((await gql(h.baseUrl, 'query { me { email } }', {}, { cookie })).data).toEqual({ me: { email: 'owner@brightlane.example.com' } });
  });
});

async function until(check: () => boolean): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}
