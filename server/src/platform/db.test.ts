import { afterAll, beforeAll, expect, test } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../test/db.js';
import { openDatabase, type Orm } from './db.js';
import { createLogger } from './logger.js';

let db: TestDatabase;
let orm: Orm;

beforeAll(async () => {
  db = await createTestDatabase('schema');
  orm = await openDatabase({ url: db.url, log: createLogger('silent') });
});
afterAll(async () => {
  await orm?.close();
  await db?.drop();
});

test('the migrations build exactly the schema the entities describe (write a migration when this fails)', async () => {
  const diff = await orm.schema.getUpdateSchemaSQL({ wrap: false, safe: false });
  // socket.io's attachment table is ours but has no entity.
  const statements = diff.split('\n').filter((line) => line.trim() && !line.includes('socket_io_attachments'));
  expect(statements).toEqual([]);
});
