// Webhook intake throughput, as a ratio against the cheapest request the same server answers.
// Usage: npm run bench  (needs the Postgres server of TEST_DATABASE_URL, as the tests do)
// Prints requests per second for GET /api/health (baseline) and for signed stage-change deliveries
// that are verified, recorded, deduplicated and queued — and their ratio, so figures from different
// machines compare.
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { signWebhookBody } from '../fake-ashby/fake-ashby.js';
import { connectAshby, createOrg, signIn, startHarness } from '../../server/src/test/harness.js';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 400);
const CONCURRENCY = 8;

async function run(label: string, send: (i: number) => Promise<number>): Promise<number> {
  const started = process.hrtime.bigint();
  let next = 0;
  const statuses = new Map<number, number>();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < REQUESTS) {
        const status = await send(next++);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const perSecond = REQUESTS / seconds;
  console.log(`${label.padEnd(34)} ${perSecond.toFixed(0).padStart(6)} req/s   statuses ${JSON.stringify(Object.fromEntries(statuses))}`);
  return perSecond;
}

const h = await startHarness({ label: 'bench', env: { WORKERS: '0' } });
try {
  await createOrg(h);
  const { webhookUrl, signingSecret } = await connectAshby(h, await signIn(h.baseUrl), 'Nobody Uses This Stage');
  const template = h.ashby.applicationWebhookBody(h.ashby.addCandidateApplication({ candidateName: 'Bench Mark' }).applicationId) as { webhookActionId: string };

  const baseline = await run('GET /api/health (baseline)', async () => (await fetch(`${h.baseUrl}/api/health`)).status);
  const ignored = await run('signed delivery, ignored stage', async () => {
    const body = JSON.stringify({ ...template, webhookActionId: randomUUID() });
    const response = await fetch(webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json', 'ashby-signature': signWebhookBody(signingSecret, body) }, body });
    return response.status;
  });
  console.log(`ratio ignored-delivery / baseline: ${(ignored / baseline).toFixed(2)}`);
} finally {
  await h.close();
}
