import { randomUUID } from 'node:crypto';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import type { Interviewer, SpeakInput } from '../ai/interviewer.js';
import { Question } from '../jobs/job.entity.js';
import { DomainError } from '../platform/errors.js';
import { publishInterviewChanged } from '../platform/events.js';
import type { Logger } from '../platform/logger.js';
import type { PgPubSub } from '../platform/pubsub.js';
import type { TaskQueue } from '../platform/queue.js';
import { Interview, InterviewStatus, Message, MessageKind, MessageRole } from './interview.entity.js';
import { questionsFor, type CandidateStatus, type InterviewService } from './interview.service.js';

export const INTERVIEWER_TURN = 'interviewer-turn';
export const SCORE_INTERVIEW = 'score-interview';

export const MAX_ANSWER_LENGTH = 8000;

const CLIENT_ID_RULE = 'clientId must be a string of 8 to 64 letters, digits, - or _, made once per message';

export const answerSchema = z.object(
  {
    clientId: z.string({ error: CLIENT_ID_RULE }).trim().min(8, CLIENT_ID_RULE).max(64, CLIENT_ID_RULE).regex(/^[A-Za-z0-9_-]+$/, CLIENT_ID_RULE),
    text: z
      .string({ error: 'text must be the answer as a string' })
      .max(MAX_ANSWER_LENGTH, `Answers can be up to ${MAX_ANSWER_LENGTH} characters; please split a longer answer into two messages.`)
      .refine((t) => t.trim().length > 0, 'Write an answer before sending.'),
  },
  { error: 'An answer must be an object { clientId, text }: clientId a string made once per message, text the answer.' },
);

export interface PublicMessage {
  seq: number;
  role: 'interviewer' | 'candidate';
  text: string;
}

/** How the conversation reaches the candidate's open pages, in whichever process they are connected. */
export interface InterviewRoom {
  emit(interviewId: string, event: 'delta' | 'message' | 'status', payload: object): void;
}

/** Candidate-facing errors: the message is shown on the interview page as it is. */
export const ChatErrors = {
  notStartable: (status: CandidateStatus) =>
    new DomainError('CONFLICT', status === 'expired' ? 'This interview link has expired. Reply to your invitation email if you would still like to take part.' : status === 'cancelled' ? 'This interview was cancelled by the hiring team.' : 'This interview has already finished. Thank you!'),
  notInProgress: () => new DomainError('CONFLICT', 'This interview is not in progress, so the message was not saved. Reload the page to see where things stand.'),
  badAnswer: (message: string) => new DomainError('BAD_USER_INPUT', message),
};

/**
 * The conversation: starting on the candidate's explicit action, storing answers exactly once,
 * and the interviewer's turns. Turns run as queue tasks, so a crash mid-reply is picked up again
 * and any process can serve any interview.
 */
export class ConversationService {
  constructor(
    private readonly deps: { interviews: InterviewService; interviewer: Interviewer; queue: TaskQueue; pubsub: PgPubSub; room: InterviewRoom },
  ) {}

  async transcript(em: EntityManager, interview: Interview): Promise<PublicMessage[]> {
    const messages = await em.find(Message, { interview }, { orderBy: { seq: 'asc' } });
    return messages.map(toPublic);
  }

  /** The interviewer owes a reply: the interview is under way and the candidate spoke last (or nobody spoke yet). */
  async awaitingReply(em: EntityManager, interview: Interview): Promise<boolean> {
    if (interview.status !== InterviewStatus.IN_PROGRESS) return false;
    const last = await em.findOne(Message, { interview }, { orderBy: { seq: 'desc' } });
    return !last || last.role === MessageRole.CANDIDATE;
  }

  /** The candidate's explicit start. Opening the link (as mail scanners do) never gets here. */
  async begin(em: EntityManager, interview: Interview): Promise<void> {
    const status = this.deps.interviews.candidateStatus(interview);
    if (status === 'in_progress') return;
    if (status !== 'not_started') throw ChatErrors.notStartable(status);

    await em.transactional(async (tem) => {
      const questions = await questionsFor(tem, interview);
      const changed = await tem.nativeUpdate(
        Interview,
        { id: interview.id, status: InterviewStatus.INVITED },
        { status: InterviewStatus.IN_PROGRESS, startedAt: new Date(), questionIds: questions.map((q) => q.id) },
      );
      if (changed === 0) return; // another tab started it first
      await this.deps.queue.enqueue(tem, INTERVIEWER_TURN, { interviewId: interview.id }, { key: `turn:${interview.id}:0` });
      await publishInterviewChanged(this.deps.pubsub, tem, { orgId: interview.org.id, interviewId: interview.id, jobId: interview.job.id, status: InterviewStatus.IN_PROGRESS });
    });
    this.deps.room.emit(interview.id, 'status', { status: 'in_progress' });
  }

  /** Stores a candidate message once per clientId and returns its sequence number. */
  async answer(em: EntityManager, interview: Interview, input: unknown): Promise<{ seq: number }> {
    const parsed = answerSchema.safeParse(input);
    if (!parsed.success) throw ChatErrors.badAnswer(parsed.error.issues[0]!.message);
    const { clientId, text } = parsed.data;

    const existing = await em.findOne(Message, { interview, clientId });
    if (existing) return { seq: existing.seq };

    try {
      const message = await em.transactional(async (tem) => {
        const seq = await nextSeq(tem, interview.id);
        if (seq === null) throw ChatErrors.notInProgress();
        const asked = await tem.findOne(Message, { interview: interview.id, role: MessageRole.INTERVIEWER }, { orderBy: { seq: 'desc' } });
        const stored = tem.create(Message, { interview: interview.id, seq, role: MessageRole.CANDIDATE, kind: MessageKind.ANSWER, text, clientId, question: asked?.question ?? null });
        await tem.flush();
        await this.deps.queue.enqueue(tem, INTERVIEWER_TURN, { interviewId: interview.id }, { key: `turn:${interview.id}:${seq}` });
        return stored;
      });
      this.deps.room.emit(interview.id, 'message', toPublic(message));
      return { seq: message.seq };
    } catch (error) {
      if (!(error instanceof UniqueConstraintViolationException)) throw error;
      // The same message arrived twice at once (a resend racing the original): the first one won.
      const winner = await em.fork().findOneOrFail(Message, { interview: interview.id, clientId });
      return { seq: winner.seq };
    }
  }

  /** Task: the interviewer's next message, streamed to the candidate's pages and then stored. */
  async takeTurn(em: EntityManager, payload: { interviewId: string }, log: Logger): Promise<void> {
    const interview = await em.findOne(Interview, payload.interviewId, { populate: ['job', 'candidate', 'org'] });
    if (!interview || interview.status !== InterviewStatus.IN_PROGRESS) return;
    const messages = await em.find(Message, { interview }, { orderBy: { seq: 'asc' }, populate: ['question'] });
    const last = messages.at(-1);
    if (last && last.role === MessageRole.INTERVIEWER) return; // already answered: a duplicate or stale task

    const questions = await questionsFor(em, interview);
    const plan = planTurn(interview, messages, questions);
    const replyId = randomUUID();
    const expectedSeq = interview.lastSeq;
    const text = await this.deps.interviewer.speak(plan.input, (soFar) => this.deps.room.emit(interview.id, 'delta', { replyId, text: soFar }));

    const stored = await em.transactional(async (tem) => {
      // Written only if nothing was added meanwhile; otherwise the newer turn task replies with the fuller context.
      const rows = await tem.getConnection().execute<{ last_seq: number }[]>(
        `update interview set last_seq = last_seq + 1, updated_at = now() where id = ? and last_seq = ? and status = 'in_progress' returning last_seq`,
        [interview.id, expectedSeq], 'all', tem.getTransactionContext(),
      );
      if (rows.length === 0) return null;
      const message = tem.create(Message, { interview: interview.id, seq: rows[0]!.last_seq, role: MessageRole.INTERVIEWER, kind: plan.kind, text, question: plan.question?.id ?? null });
      if (plan.kind === MessageKind.CLOSING) {
        await tem.nativeUpdate(Interview, { id: interview.id }, { status: InterviewStatus.COMPLETED, completedAt: new Date() });
        await this.deps.queue.enqueue(tem, SCORE_INTERVIEW, { interviewId: interview.id }, { key: `score:${interview.id}:1` });
        await publishInterviewChanged(this.deps.pubsub, tem, { orgId: interview.org.id, interviewId: interview.id, jobId: interview.job.id, status: InterviewStatus.COMPLETED });
      }
      await tem.flush();
      return message;
    });
    if (!stored) {
      log.info({ interviewId: interview.id }, 'interviewer reply superseded by a newer message');
      return;
    }
    this.deps.room.emit(interview.id, 'message', { ...toPublic(stored), replyId });
    if (plan.kind === MessageKind.CLOSING) {
      this.deps.room.emit(interview.id, 'status', { status: 'finished' });
      log.info({ interviewId: interview.id }, 'interview completed');
    }
  }
}

interface TurnPlan {
  input: SpeakInput;
  kind: MessageKind;
  question: Question | null;
}

/** Decides the next step in code, from the transcript: the interviewer only words it. */
function planTurn(interview: Interview, messages: Message[], questions: Question[]): TurnPlan {
  const count = questions.length;
  const firstName = interview.candidate.name.split(/\s+/)[0] || interview.candidate.name;
  if (messages.length === 0 || count === 0) {
    if (count === 0) return { input: { kind: 'close', orgName: interview.org.name, candidateFirstName: firstName }, kind: MessageKind.CLOSING, question: null };
    return {
      input: { kind: 'open', orgName: interview.org.name, jobTitle: interview.job.title, candidateFirstName: firstName, question: questions[0]!.text, questionNumber: 1, questionCount: count },
      kind: MessageKind.QUESTION,
      question: questions[0]!,
    };
  }
  const lastAsked = [...messages].reverse().find((m) => m.role === MessageRole.INTERVIEWER && m.question);
  const index = lastAsked ? questions.findIndex((q) => q.id === lastAsked.question!.id) : -1;
  const next = questions[index + 1];
  if (!next) return { input: { kind: 'close', orgName: interview.org.name, candidateFirstName: firstName }, kind: MessageKind.CLOSING, question: null };
  const answer = messages.filter((m) => m.role === MessageRole.CANDIDATE && m.seq > (lastAsked?.seq ?? 0)).map((m) => m.text).join('\n');
  return {
    input: { kind: 'next', question: next.text, questionNumber: index + 2, questionCount: count, previousAnswer: answer },
    kind: MessageKind.QUESTION,
    question: next,
  };
}

/** Reserves the next sequence number under the interview's row lock; null when it is not in progress. */
async function nextSeq(em: EntityManager, interviewId: string): Promise<number | null> {
  const rows = await em.getConnection().execute<{ last_seq: number }[]>(
    `update interview set last_seq = last_seq + 1, updated_at = now() where id = ? and status = 'in_progress' returning last_seq`,
    [interviewId], 'all', em.getTransactionContext(),
  );
  return rows[0]?.last_seq ?? null;
}

export function toPublic(message: Message): PublicMessage {
  return { seq: message.seq, role: message.role === MessageRole.INTERVIEWER ? 'interviewer' : 'candidate', text: message.text };
}
