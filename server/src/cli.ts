// Administration from the command line: npm run prelim -- <command> [options]
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { ApiToken } from './orgs/auth.entity.js';
import { AuthService } from './orgs/auth.service.js';
import { Org } from './orgs/org.entity.js';
import { ConfigError, loadConfig } from './platform/config.js';
import { openDatabase, startEmbeddedDatabase } from './platform/db.js';
import { DomainError } from './platform/errors.js';
import { createLogger } from './platform/logger.js';
import { randomToken } from './platform/secrets.js';

const USAGE = `Usage: npm run prelim -- <command> [options]

Commands:
  create-org   --name <organisation> --owner-email <email> --owner-name <name> [--password <password>]
               Creates an organisation and its owner, and prints an API token for internal tools.
               Without --password a strong one is generated and printed once.
  create-token --org <organisation id> --name <label>
               Prints a new API token (send it as 'Authorization: Bearer <token>' to /graphql).
  list-tokens  --org <organisation id>
               Lists the organisation's API tokens (names and dates; tokens are never shown again).
  revoke-token --org <organisation id> --name <label>
               Revokes the API token(s) with that label; requests using them are refused from then on.
  list-orgs    Lists organisations with their ids.

Uses DATABASE_URL, or the embedded database under .data/ when it is not set (as npm start does).`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help') {
    process.stdout.write(`${USAGE}\n`);
    return command ? 0 : 2;
  }
  const { values } = parseArgs({
    args: rest,
    options: { name: { type: 'string' }, 'owner-email': { type: 'string' }, 'owner-name': { type: 'string' }, password: { type: 'string' }, org: { type: 'string' } },
    strict: true,
  });

  const config = loadConfig();
  const log = createLogger(process.env.LOG_LEVEL ? config.logLevel : 'warn');
  const embedded = config.databaseUrl ? null : await startEmbeddedDatabase({ dataDir: config.dataDir, port: config.embeddedDbPort, log });
  const orm = await openDatabase({ url: config.databaseUrl ?? embedded!.url, log });
  const em = orm.em.fork();
  const auth = new AuthService();
  try {
    switch (command) {
      case 'create-org': {
        const missing = (['name', 'owner-email', 'owner-name'] as const).filter((k) => !values[k]);
        if (missing.length) throw new DomainError('BAD_USER_INPUT', `create-org needs ${missing.map((m) => `--${m}`).join(', ')}.`);
        const password = values.password ?? randomToken(12);
        const { org, user } = await auth.createOrgWithOwner(em, { orgName: values.name!, ownerEmail: values['owner-email']!, ownerName: values['owner-name']!, password });
        const { token } = await auth.createApiToken(em, org, 'created with the organisation');
        process.stdout.write(
          [`Organisation: ${org.name} (${org.id})`, `Owner:        ${user.email}`, values.password ? 'Password:     (as given)' : `Password:     ${password}   (shown once: keep it safe)`, `API token:    ${token}   (shown once)`, ''].join('\n'),
        );
        return 0;
      }
      case 'create-token': {
        if (!values.org || !values.name) throw new DomainError('BAD_USER_INPUT', 'create-token needs --org <organisation id> and --name <label>.');
        const org = await em.findOne(Org, { id: values.org }).catch(() => null);
        if (!org) throw new DomainError('NOT_FOUND', `No organisation has the id ${values.org}. List them with: npm run prelim -- list-orgs`);
        const { token } = await auth.createApiToken(em, org, values.name);
        process.stdout.write(`API token for ${org.name}: ${token}   (shown once)\n`);
        return 0;
      }
      case 'list-tokens':
      case 'revoke-token': {
        if (!values.org || (command === 'revoke-token' && !values.name)) throw new DomainError('BAD_USER_INPUT', `${command} needs --org <organisation id>${command === 'revoke-token' ? ' and --name <label>' : ''}.`);
        const org = await em.findOne(Org, { id: values.org }).catch(() => null);
        if (!org) throw new DomainError('NOT_FOUND', `No organisation has the id ${values.org}. List them with: npm run prelim -- list-orgs`);
        if (command === 'list-tokens') {
          for (const t of await em.find(ApiToken, { org }, { orderBy: { createdAt: 'asc' } })) {
            process.stdout.write(`${t.name}  created ${t.createdAt.toISOString()}  ${t.revokedAt ? `revoked ${t.revokedAt.toISOString()}` : `last used ${t.lastUsedAt?.toISOString() ?? 'never'}`}\n`);
          }
          return 0;
        }
        const revoked = await em.nativeUpdate(ApiToken, { org, name: values.name!, revokedAt: null }, { revokedAt: new Date() });
        if (revoked === 0) throw new DomainError('NOT_FOUND', `${org.name} has no active API token named '${values.name}'. List them with: npm run prelim -- list-tokens --org ${org.id}`);
        process.stdout.write(`Revoked ${revoked} API token${revoked === 1 ? '' : 's'} named '${values.name}'.\n`);
        return 0;
      }
      case 'list-orgs': {
        for (const org of await em.find(Org, {}, { orderBy: { createdAt: 'asc' } })) process.stdout.write(`${org.id}  ${org.name}\n`);
        return 0;
      }
      default:
        process.stderr.write(`Unknown command '${command}'.\n\n${USAGE}\n`);
        return 2;
    }
  } finally {
    await orm.close();
    await embedded?.stop();
  }
}

let exitCode: number;
try {
  exitCode = await main(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof DomainError || error instanceof ConfigError || (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')))) throw error;
  process.stderr.write(`${error.message}\n`);
  exitCode = 2;
}
// Explicit: a library's exit handler must not turn a usage error into success.
process.exit(exitCode);
