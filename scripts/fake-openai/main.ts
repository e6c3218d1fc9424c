import { parseArgs } from 'node:util';

import { startFakeOpenAI } from './fake-openai.js';

const USAGE = 'Usage: npm run fake-openai -- [--port 4020] [--chunk-delay-ms 0]';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    'chunk-delay-ms': { type: 'string', default: '0' },
    help: { type: 'boolean', default: false },
  },
});

if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

const port = Number(values.port);
const chunkDelayMs = Number(values['chunk-delay-ms']);
if (!Number.isInteger(port) || port < 0 || port > 65535 || !(chunkDelayMs >= 0)) {
  const got = `got --port ${values.port}, --chunk-delay-ms ${values['chunk-delay-ms']}`;
  console.error(`--port must be an integer 0-65535 and --chunk-delay-ms a number >= 0 (${got}).\n${USAGE}`);
  process.exit(1);
}

const fake = await startFakeOpenAI({ port, chunkDelayMs });
console.log(`fake-openai listening on ${fake.baseURL}`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void fake.close().then(() => process.exit(0)));
}
