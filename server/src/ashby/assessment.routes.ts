import type { EntityManager } from '@mikro-orm/postgresql';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Orm } from '../platform/db.js';
import { DomainError } from '../platform/errors.js';
import { describeError, type Logger } from '../platform/logger.js';
import type { AshbyIntegration } from './ashby-integration.entity.js';
import { AssessmentErrors } from './assessment.errors.js';
import type { AssessmentService, PartnerReply } from './assessment.service.js';
import type { IntegrationService } from './integration.service.js';

const id = z.string().trim().min(1).max(200);

// Only what Prelim uses is required; Ashby's other fields (names, job, hiringTeam…) pass unread.
const startSchema = z.object({
  assessment_type_id: id,
  candidate: z.object({ ashby_id: id, email: z.string().max(320).nullish() }),
  application: z.object({ ashby_id: id }),
});

const cancelSchema = z.object({ assessment_id: z.guid() });

interface Partner {
  em: EntityManager;
  integration: AshbyIntegration;
}

/**
 * Ashby's calls to Prelim as an assessment partner: POST <prefix>/assessment.list, .start and
 * .cancel. Every request is authenticated by the organisation's partner key (which also says whose
 * request it is) before its body is read. Errors answer `{ message }`, as Ashby's contract shows
 * for 422, which Ashby displays to its user: 401 no or unknown key, 400 unreadable body, 404
 * unknown assessment, 409 already assessed with another type or already finished, 422 cannot start.
 */
export async function assessmentRoutes(app: FastifyInstance, opts: { orm: Orm; assessments: AssessmentService; integrations: IntegrationService }): Promise<void> {
  const partners = new WeakMap<FastifyRequest, Partner>();

  // Ashby sends JSON; the content type is not insisted on, the JSON is.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, body === '' ? undefined : JSON.parse(body as string));
    } catch {
      done(AssessmentErrors.badJson(), undefined);
    }
  });

  app.addHook('onRequest', async (request) => {
    const credentials = partnerKeyOf(request.headers.authorization);
    if (!credentials) {
      request.log.info({ auth: 'none' }, 'assessment call without credentials');
      throw AssessmentErrors.noCredentials();
    }
    const em = opts.orm.em.fork();
    const integration = await opts.integrations.findByAssessmentKey(em, credentials.key);
    if (!integration) {
      request.log.info({ auth: credentials.scheme }, 'assessment call with an unknown partner key');
      throw AssessmentErrors.unknownKey();
    }
    request.log.info({ integrationId: integration.id, auth: credentials.scheme }, 'assessment call authenticated');
    partners.set(request, { em, integration });
  });

  app.setErrorHandler((error: Error & { statusCode?: number }, request, reply) => {
    if (error instanceof DomainError) {
      request.log.info({ code: error.code }, 'assessment call refused');
      return reply.code(error.status).send({ message: error.message });
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) return reply.code(error.statusCode).send({ message: error.message });
    request.log.error({ err: describeError(error) }, 'assessment call failed');
    return reply.code(500).send({ message: 'Prelim could not handle this request. Try again in a minute.' });
  });

  app.post('/assessment.list', async () => ({ success: true, results: opts.assessments.list().map((t) => ({ assessment_type_id: t.id, name: t.name, description: t.description })) }));

  app.post('/assessment.start', async (request, reply) => {
    const { em, integration } = partners.get(request)!;
    const body = parse(startSchema, request.body, 'assessment.start');
    const started = await opts.assessments.start(em, integration, { assessmentTypeId: body.assessment_type_id, applicationId: body.application.ashby_id, candidateEmail: body.candidate.email ?? null }, request.log as Logger);
    return answer(reply, started);
  });

  app.post('/assessment.cancel', async (request, reply) => {
    const { em, integration } = partners.get(request)!;
    const body = parse(cancelSchema, request.body, 'assessment.cancel');
    return answer(reply, await opts.assessments.cancel(em, integration, body.assessment_id, request.log as Logger));
  });
}

function answer(reply: FastifyReply, result: PartnerReply) {
  return reply.send({ success: true, results: { assessment_id: result.assessmentId, update_request: result.update } });
}

function parse<T extends z.ZodType>(schema: T, body: unknown, endpoint: string): z.infer<T> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
  throw AssessmentErrors.badBody(endpoint, problems);
}

/** The partner key from `Basic base64(<key>:)` (the key is the user name) or `Bearer <key>`. */
export function partnerKeyOf(header: string | undefined): { key: string; scheme: 'basic' | 'bearer' } | null {
  const [scheme, value] = (header ?? '').trim().split(/\s+/, 2);
  if (!value) return null;
  if (/^bearer$/i.test(scheme!)) return { key: value, scheme: 'bearer' };
  if (!/^basic$/i.test(scheme!)) return null;
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  const key = decoded.split(':', 1)[0]!;
  return key ? { key, scheme: 'basic' } : null;
}
