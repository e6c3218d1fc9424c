// Writes the GraphQL schema to schema/schema.graphql, or with --check fails when the checked-in file is stale.
import 'reflect-metadata';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { buildAppSchema } from './platform/graphql.js';

const target = fileURLToPath(new URL('../../schema/schema.graphql', import.meta.url));

/** The schema as SDL, sorted so that the file changes only when the schema does. */
export async function renderSchema(): Promise<string> {
  const schema = await buildAppSchema({ pubSub: { publish: () => {}, subscribe: () => (async function* () {})() } });
  return `# Generated from the server's resolvers by \`npm run schema\`. Do not edit by hand.\n\n${printSchema(lexicographicSortSchema(schema))}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const rendered = await renderSchema();
  if (process.argv.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(target, 'utf8');
    } catch {
      // missing counts as stale
    }
    if (current !== rendered) {
      process.stderr.write('schema/schema.graphql is stale: run `npm run schema` and commit the result.\n');
      process.exit(1);
    }
    process.stdout.write('schema/schema.graphql is current.\n');
  } else {
    writeFileSync(target, rendered);
    process.stdout.write(`wrote ${target}\n`);
  }
}
