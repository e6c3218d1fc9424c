import 'reflect-metadata';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { IncomingMessage, ServerResponse } from 'node:http';
import fastifyApollo from '@as-integrations/fastify';
import fastifyCookie from '@fastify/cookie';
import { createAdapter } from '@socket.io/postgres-adapter';
import Fastify, { type FastifyInstance } from 'fastify';
import { GraphQLError, Kind, specifiedRules, validate } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import pg from 'pg';
import { Server as SocketServer } from 'socket.io';
import { WebSocketServer } from 'ws';
import { BuiltinInterviewer } from './ai/builtin-interviewer.js';
import type { Interviewer } from './ai/interviewer.js';
import { OpenAIInterviewer } from './ai/openai-interviewer.js';
import { assessmentRoutes } from './ashby/assessment.routes.js';
import { AssessmentService, PUSH_ASSESSMENT_UPDATE } from './ashby/assessment.service.js';
import { IntegrationService } from './ashby/integration.service.js';
import { PushbackService } from './ashby/pushback.service.js';
import { StageChangeWorker } from './ashby/stage-change.worker.js';
import { START_FROM_WEBHOOK, webhookRoutes } from './ashby/webhook.routes.js';
import { registerChatGateway, socketRoom } from './interviews/chat.gateway.js';
import { ConversationService, INTERVIEWER_TURN, SCORE_INTERVIEW } from './interviews/conversation.service.js';
import { InterviewService, SEND_INVITE } from './interviews/interview.service.js';
import { linkRoutes } from './interviews/link.routes.js';
import { QuestionService } from './jobs/question.service.js';
import { startMailCapture, type MailCapture } from './mail/mail-capture.js';
import { Mailer } from './mail/mailer.js';
import { AuthService, SESSION_COOKIE } from './orgs/auth.service.js';
import { TeamService } from './orgs/team.service.js';
import type { Config } from './platform/config.js';
import { openDatabase, startEmbeddedDatabase, type EmbeddedDatabase } from './platform/db.js';
import { DomainError, ERROR_STATUS } from './platform/errors.js';
import { findJsonProblem } from './platform/json-input.js';
import { buildAppSchema, createApollo, formatError, queryLimits } from './platform/graphql.js';
import type { GqlContext } from './platform/graphql-context.js';
import { createLogger, describeError, type Logger } from './platform/logger.js';
import { PublicUrl } from './platform/public-url.js';
import { PgPubSub } from './platform/pubsub.js';
import { TaskQueue } from './platform/queue.js';
import { SecretBox, resolveSecretKey } from './platform/secrets.js';
import type { Services } from './platform/services.js';
import { ScoringService, PUSH_RESULTS } from './scoring/scoring.service.js';

export interface App {
  fastify: FastifyInstance;
  services: Services;
  io: SocketServer;
  /** Starts listening (and the queue workers); resolves with the base URL. */
  listen(): Promise<string>;
  close(): Promise<void>;
}

export interface AppOptions {
  /** A logger to use instead of one built from the config (tests pass a silent one). */
  log?: Logger;
  /** Serve the built SvelteKit client for every path the API does not own (default: when it is built). */
  serveClient?: boolean;
}

const CLIENT_HANDLER = fileURLToPath(new URL('../../client/build/handler.js', import.meta.url));
const API_PREFIXES = ['/api/', '/graphql', '/webhooks/', '/ashby/', '/socket.io/'];

/** The composition root: builds every service once and wires the HTTP, GraphQL and socket doors. */
export async function createApp(config: Config, options: AppOptions = {}): Promise<App> {
  const log = options.log ?? createLogger(config.logLevel);
  const cleanups: (() => Promise<void> | void)[] = [];

  let embedded: EmbeddedDatabase | null = null;
  if (!config.databaseUrl) {
    embedded = await startEmbeddedDatabase({ dataDir: config.dataDir, port: config.embeddedDbPort, log });
    cleanups.push(() => embedded?.stop());
  }
  const databaseUrl = config.databaseUrl ?? embedded!.url;
  const orm = await openDatabase({ url: databaseUrl, log });
  cleanups.unshift(() => orm.close());

  const secrets = new SecretBox(resolveSecretKey({ secretKey: config.secretKey, dataDir: config.dataDir, log }));
  const pubsub = new PgPubSub({ url: databaseUrl, log });
  await pubsub.start();
  cleanups.unshift(() => pubsub.close());

  const { mailer, capture } = await createMailer(config, log);
  cleanups.unshift(async () => {
    mailer.close();
    await capture?.close();
  });

  const interviewer: Interviewer = config.openai ? new OpenAIInterviewer(config.openai) : new BuiltinInterviewer();
  log.info({ interviewer: interviewer.label }, 'interviewer ready');

  const urls = new PublicUrl(config.publicUrl);
  const queue = new TaskQueue({ orm, log, pubsub });
  // Typed as the default instance so feature plugins need not carry pino's logger type.
  const fastify = Fastify({ loggerInstance: log, trustProxy: true, bodyLimit: 256 * 1024 }) as unknown as FastifyInstance;
  const io = new SocketServer(fastify.server, { path: '/socket.io', serveClient: false, maxHttpBufferSize: 64 * 1024 });
  const adapterPool = new pg.Pool({ connectionString: databaseUrl, max: 3 });
  // An idle client whose server went away (Ctrl-C reaches embedded Postgres first) must not crash the process.
  adapterPool.on('error', (error) => log.warn({ err: describeError(error) }, 'socket.io adapter lost a database connection'));
  io.adapter(createAdapter(adapterPool, { tableName: 'socket_io_attachments' }));
  // Only the /interview namespace is served; the default one would accept anyone and do nothing.
  io.of('/').use((_socket, next) => next(new Error('Connect to the /interview namespace with an interview link token.')));
  cleanups.unshift(() => adapterPool.end());

  const integrations = new IntegrationService({ secrets, ashbyApiUrl: config.ashbyApiUrl });
  const interviews = new InterviewService({ secrets, urls, queue, pubsub, interviewer, mailer, linkDays: config.interviewLinkDays, room: socketRoom(io) });
  // Words turns and reads replies by rules whenever the model cannot be used, so interviews carry on.
  const fallback = new BuiltinInterviewer({ asFallback: true });
  const conversation = new ConversationService({ interviews, interviewer, fallback, queue, pubsub, room: socketRoom(io) });
  const scoring = new ScoringService({ interviewer, queue, pubsub });
  const pushbacks = new PushbackService({ integrations, urls, pubsub, queue, interviewer });
  const stageChanges = new StageChangeWorker({ integrations, interviews });
  const assessments = new AssessmentService({ integrations, interviews, queue, urls, interviewer });
  // An interview that Ashby started as an assessment reports its progress back, whoever moves it on.
  conversation.onStart((em, interview) => assessments.recordStart(em, interview));
  interviews.onCancel((em, interview, opts) => assessments.recordCancellation(em, interview, opts));
  const auth = new AuthService();
  const team = new TeamService({ auth, mailer, urls });
  const questions = new QuestionService({ interviewer });
  const services: Services = { config, log, orm, secrets, pubsub, queue, urls, interviewer, auth, team, integrations, interviews, questions, conversation, pushbacks };

  queue.register<{ deliveryId: string }>(START_FROM_WEBHOOK, (p, ctx) => stageChanges.run(ctx.em, p, ctx), { maxAttempts: 8 });
  queue.register<{ interviewId: string; n: number }>(SEND_INVITE, (p, ctx) => interviews.sendInvite(ctx.em, p, ctx.log), { maxAttempts: 10 });
  queue.register<{ interviewId: string }>(INTERVIEWER_TURN, (p, ctx) => conversation.takeTurn(ctx.em, p, ctx.log, ctx.attempt), { maxAttempts: 6, leaseMs: 90_000, backoffMs: (a) => 1000 * a });
  queue.register<{ interviewId: string; rescore?: boolean }>(SCORE_INTERVIEW, (p, ctx) => scoring.score(ctx.em, p, ctx.log), { maxAttempts: 8 });
  queue.register<{ evaluationId: string }>(PUSH_RESULTS, (p, ctx) => pushbacks.push(ctx.em, p, ctx.log), { maxAttempts: 8 });
  queue.register<{ interviewId: string }>(PUSH_ASSESSMENT_UPDATE, (p, ctx) => pushbacks.pushAssessment(ctx.em, p, ctx.log), { maxAttempts: 8 });

  await fastify.register(fastifyCookie);
  // Postgres text cannot hold NUL: refuse it at the door for every JSON route (GraphQL variables and
  // queries, the partner API) instead of failing on save. The webhook route reads raw bytes and checks itself.
  fastify.addHook('preValidation', async (request, reply) => {
    const body = request.body as { query?: unknown } | null;
    // A GraphQL string literal can spell NUL as an escape in the query text.
    const escapedInQuery = typeof body?.query === 'string' && /\\u0000/i.test(body.query);
    if (body && typeof body === 'object' && !Buffer.isBuffer(body) && (escapedInQuery || findJsonProblem(body, 64) === 'nul')) {
      const message = 'Text may not contain NUL characters (\\u0000); remove them and send again.';
      // The partner API answers in Ashby's contract shape.
      return reply.code(400).send(request.url.startsWith('/ashby/') ? { message } : { error: { code: 'BAD_USER_INPUT', message } });
    }
  });
  fastify.setErrorHandler((error: Error & { statusCode?: number }, request, reply) => {
    if (error instanceof DomainError) return reply.code(ERROR_STATUS[error.code]).send({ error: { code: error.code, message: error.message } });
    const status = error.statusCode;
    if (status && status >= 400 && status < 500) {
      return reply.code(status).send({ error: { code: status === 413 ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST', message: error.message } });
    }
    request.log.error({ err: describeError(error) }, 'request failed');
    return reply.code(500).send({ error: { code: 'INTERNAL', message: 'Internal server error' } });
  });
  fastify.get('/api/health', async () => {
    await orm.em.fork().getConnection().execute('select 1');
    return { ok: true, interviewer: interviewer.label };
  });
  await fastify.register(webhookRoutes, { orm, queue, integrations });
  await fastify.register(assessmentRoutes, { prefix: '/ashby/assessment', orm, assessments, integrations });
  await fastify.register(linkRoutes, { orm, interviews, interviewer });
  registerChatGateway(io, { orm, log, interviews, conversation, interviewer });

  const schema = await buildAppSchema({ pubSub: { publish: () => { throw new Error('publish through PgPubSub.publish'); }, subscribe: (topic) => pubsub.subscribe(topic) } });
  const apollo = createApollo({ schema, log, development: config.env !== 'production' });
  const format = formatError(log);
  const formatWsError = (error: GraphQLError) => format(error.toJSON(), error);
  await apollo.start();
  await fastify.register(fastifyApollo(apollo), {
    path: '/graphql',
    context: async (request, reply): Promise<GqlContext> => {
      const em = orm.em.fork();
      const viewer = await services.auth.viewerFor(em, { sessionToken: request.cookies[SESSION_COOKIE], bearer: bearerOf(request.headers.authorization) });
      return { em, log: request.log as Logger, viewer, services, reply };
    },
  });

  // graphql-ws shares the HTTP server with socket.io; each handles only its own upgrade path.
  const wss = new WebSocketServer({ noServer: true });
  fastify.server.on('upgrade', (request: IncomingMessage, socket, head) => {
    if (new URL(request.url ?? '/', 'http://localhost').pathname !== '/graphql') return;
    // Browsers send the session cookie with cross-site websocket upgrades: only our own pages may use it.
    if (!isSameOrigin(request, config.publicUrl)) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
  });
  const gqlWs = useServer<Record<string, unknown>, { request: IncomingMessage }>(
    {
      schema,
      context: async (ctx): Promise<GqlContext> => {
        const em = orm.em.fork();
        const cookies = fastify.parseCookie(ctx.extra.request.headers.cookie ?? '');
        const bearer = bearerOf(typeof ctx.connectionParams?.authorization === 'string' ? ctx.connectionParams.authorization : undefined);
        const viewer = await services.auth.viewerFor(em, { sessionToken: cookies[SESSION_COOKIE], bearer });
        return { em, log, viewer, services };
      },
      // The same error mapping as over HTTP: our codes and words, nothing internal.
      // The websocket serves subscriptions only (queries and mutations go over HTTP, behind CSRF
      // prevention), and applies the same limits as HTTP.
      validate: (schema, document) => {
        const errors = validate(schema, document, [...specifiedRules, queryLimits]);
        if (errors.length > 0) return errors;
        const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
        if (operations.some((op) => op.operation !== 'subscription')) {
          return [new GraphQLError('Only subscriptions are served over the websocket; send queries and mutations with HTTP POST /graphql.', { extensions: { code: 'BAD_USER_INPUT' } })];
        }
        return [];
      },
      onNext: (_ctx, _id, _payload, _args, result) => (result.errors ? { ...result, errors: result.errors.map((e) => formatWsError(e)) } : result),
      onError: (_ctx, _id, _payload, errors) => errors.map((e) => formatWsError(e)),
    },
    wss,
  );

  if (options.serveClient ?? existsSync(CLIENT_HANDLER)) await mountClient(fastify, log);

  fastify.addHook('preClose', async () => {
    io.close();
    await gqlWs.dispose();
    wss.close();
  });
  fastify.addHook('onClose', async () => {
    await apollo.stop();
  });

  let closed = false;
  return {
    fastify,
    services,
    io,
    async listen() {
      const address = await fastify.listen({ host: config.host, port: config.port });
      const port = (fastify.server.address() as { port: number }).port;
      urls.useListenAddress(`http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`);
      queue.start(config.workers);
      log.info({ url: urls.base, address }, 'Prelim is listening');
      return urls.base;
    },
    async close() {
      if (closed) return;
      closed = true;
      await queue.stop();
      await fastify.close();
      for (const cleanup of cleanups) await cleanup();
    },
  };
}

/** True when a browser's Origin is this server (or PUBLIC_URL); requests without Origin come from non-browser clients. */
function isSameOrigin(request: IncomingMessage, publicUrl: string | undefined): boolean {
  const origin = request.headers.origin;
  if (!origin) return true;
  try {
    const { host } = new URL(origin);
    return host === request.headers.host || (publicUrl !== undefined && host === new URL(publicUrl).host);
  } catch {
    return false;
  }
}

function bearerOf(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return match?.[1];
}

async function createMailer(config: Config, log: Logger): Promise<{ mailer: Mailer; capture: MailCapture | null }> {
  if (config.smtpUrl) return { mailer: new Mailer({ smtpUrl: config.smtpUrl, from: config.mailFrom }), capture: null };
  let capture: MailCapture;
  try {
    capture = await startMailCapture({ port: config.smtpCapturePort });
  } catch {
    capture = await startMailCapture({ port: 0 });
  }
  const dir = join(config.dataDir, 'mail');
  mkdirSync(dir, { recursive: true });
  capture.onMessage((mail) => {
    const file = join(dir, `${mail.receivedAt.toISOString().replace(/[:.]/g, '-')}-${mail.id}.txt`);
    writeFileSync(file, `To: ${mail.to.join(', ')}\nSubject: ${mail.subject}\n\n${mail.text}\n`, { mode: 0o600 });
    log.info({ file }, 'email captured by the built-in capture (set SMTP_URL to deliver mail)');
  });
  log.warn({ port: capture.port }, 'SMTP_URL is not set: emails go to the built-in capture and are written under the data directory');
  return { mailer: new Mailer({ smtpUrl: capture.url, from: config.mailFrom }), capture };
}

/** Every path the API does not own goes to the SvelteKit app (adapter-node handler). */
async function mountClient(fastify: FastifyInstance, log: Logger): Promise<void> {
  const { handler } = (await import(CLIENT_HANDLER)) as { handler: (req: IncomingMessage, res: ServerResponse, next: () => void) => void };
  fastify.setNotFoundHandler((request, reply) => {
    if (API_PREFIXES.some((p) => request.url.startsWith(p))) {
      return reply.code(404).send({ error: { code: 'NOT_FOUND', message: `No route ${request.method} ${request.url.split('?')[0]}` } });
    }
    reply.hijack();
    handler(request.raw, reply.raw, () => {
      reply.raw.statusCode = 404;
      reply.raw.end('Not found');
    });
  });
  log.debug('client mounted');
}
