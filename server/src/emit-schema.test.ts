import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { renderSchema } from './emit-schema.js';

test('the checked-in schema/schema.graphql matches what the resolvers produce (run `npm run schema` when this fails)', async () => {
  const checkedIn = readFileSync(fileURLToPath(new URL('../../schema/schema.graphql', import.meta.url)), 'utf8');
  expect(checkedIn).toBe(await renderSchema());
});
