// Writes a migration for the difference between the entities and the schema that the existing
// migrations produce. Usage: npm run migration:create  (uses a scratch database on DATABASE_URL's server)
import 'reflect-metadata';
import { MikroORM, defineConfig } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import pg from 'pg';
import { ENTITIES } from '../server/src/platform/entities.js';
import { MIGRATIONS } from '../server/src/migrations/index.js';

const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const scratch = `prelim_migration_${Date.now()}`;
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`create database ${scratch}`);
const url = new URL(adminUrl);
url.pathname = `/${scratch}`;
try {
  const orm = await MikroORM.init(
    defineConfig({
      clientUrl: url.toString(),
      entities: ENTITIES,
      extensions: [Migrator],
      migrations: { migrationsList: MIGRATIONS, path: 'server/src/migrations', pathTs: 'server/src/migrations', emit: 'ts' },
    }),
  );
  await orm.getMigrator().up();
  const result = await orm.getMigrator().createMigration('server/src/migrations');
  console.log(result.fileName ? `wrote server/src/migrations/${result.fileName}; add it to server/src/migrations/index.ts` : 'no changes');
  await orm.close();
} finally {
  await admin.query(`drop database if exists ${scratch}`);
  await admin.end();
}
