import { parseArgs } from 'node:util';

import { DEFAULT_API_KEY, SEEDED_IDS, startFakeAshby } from './fake-ashby.js';

const USAGE = `Usage: npm run fake-ashby -- [--port 4010]

Starts the fake Ashby API on 127.0.0.1 with the /_fake/* control routes (see
scripts/fake-ashby/README.md). --port 0 picks a free port.`;

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '4010' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`--port must be an integer from 0 to 65535; got ${values.port}\n\n${USAGE}`);
  process.exit(2);
}

const fake = await startFakeAshby({ port, controlRoutes: true });

console.log(`fake Ashby listening on ${fake.url}
  ASHBY_API_URL=${fake.url}
  API key:        ${DEFAULT_API_KEY} (all scopes)
  application id: ${SEEDED_IDS.applicationId}
  candidate id:   ${SEEDED_IDS.candidateId}
  job id:         ${SEEDED_IDS.jobId}
control routes:
  GET  ${fake.url}/_fake/notes
  GET  ${fake.url}/_fake/calls
  POST ${fake.url}/_fake/stage-change  {"url", "secret", "applicationId"?, "stageTitle"}
  POST ${fake.url}/_fake/ping          {"url", "secret"}`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void fake.close().then(() => process.exit(0));
  });
}
