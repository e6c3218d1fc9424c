import type { FastifyInstance } from 'fastify';
import type { Interviewer } from '../ai/interviewer.js';
import type { Orm } from '../platform/db.js';
import { questionsFor, type InterviewService } from './interview.service.js';

/** Minutes a candidate should plan per question, for the notice before the interview. */
const MINUTES_PER_QUESTION = 5;

/**
 * GET /api/interview-link/:token — what the candidate page shows before anything starts. Reading
 * it changes nothing, so mail scanners that open links consume nothing.
 */
export async function linkRoutes(app: FastifyInstance, opts: { orm: Orm; interviews: InterviewService; interviewer: Interviewer }): Promise<void> {
  app.get<{ Params: { token: string } }>('/api/interview-link/:token', async (request, reply) => {
    const em = opts.orm.em.fork();
    const interview = await opts.interviews.findByToken(em, request.params.token);
    reply.header('cache-control', 'no-store');
    if (!interview) {
      return reply.code(404).send({ error: { code: 'NOT_FOUND', message: "This interview link isn't valid. Check that you copied the whole link from your email." } });
    }
    const questionCount = (await questionsFor(em, interview)).length;
    return {
      status: opts.interviews.candidateStatus(interview),
      orgName: interview.org.name,
      jobTitle: interview.job.title,
      candidateFirstName: interview.candidate.name.split(/\s+/)[0] ?? '',
      questionCount,
      estimatedMinutes: Math.max(5, questionCount * MINUTES_PER_QUESTION),
      expiresAt: interview.expiresAt.toISOString(),
      interviewer: { builtIn: opts.interviewer.isBuiltIn, label: opts.interviewer.label },
    };
  });
}
