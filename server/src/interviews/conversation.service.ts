import { randomUUID } from 'node:crypto';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { FOLLOW_UP_FOR_DETAIL } from '../ai/interview-script.js';
import { ModelOutputError, ModelUnavailableError, ReplyAbortedError, type Interviewer, type ReplyAssessment, type SpeakInput } from '../ai/interviewer.js';
import { Question } from '../jobs/job.entity.js';
import { DomainError } from '../platform/errors.js';
import { publishInterviewChanged } from '../platform/events.js';
import { describeError, type Logger } from '../platform/logger.js';
import type { PgPubSub } from '../platform/pubsub.js';
import { RetryLater, type TaskQueue } from '../platform/queue.js';
import { Interview, InterviewStatus, Message, MessageKind, MessageRole } from './interview.entity.js';
import { questionsFor, type CandidateStatus, type InterviewService } from './interview.service.js';
import { ReplyDraft } from './reply-draft.entity.js';
import { ReplyWriter } from './reply-writer.js';

export const INTERVIEWER_TURN = 'interviewer-turn';
export const SCORE_INTERVIEW = 'score-interview';

export const MAX_ANSWER_LENGTH = 8000;
/** Follow-up questions the interviewer may ask about one question. */
export const FOLLOW_UPS_PER_QUESTION = 1;
/** Messages one interview may hold, so a runaway conversation cannot run up model calls without end. */
export const MAX_MESSAGES = 200;
/** Candidate messages allowed in a row before the interviewer replies: each one queues a turn. */
export const MAX_UNANSWERED = 5;
/** Turn attempts that word the reply with the model; later attempts use the scripted wording, so the interview carries on. */
export const MODEL_TURN_ATTEMPTS = 2;
/** The longest a model server's Retry-After may hold a candidate's reply before the turn is tried again. */
export const TURN_RETRY_CEILING_MS = 15_000;
const TURN_RETRY_FLOOR_MS = 1_000;
/** A saved draft older than this belongs to a reply nobody is writing any more. */
const DRAFT_FRESH_MS = 60_000;

export const REPLY_DELAYED =
  'The interviewer is taking longer than usual to reply. Your answer is saved, and the interview will continue here automatically in a moment.';

const CLIENT_ID_RULE = 'clientId must be a string of 8 to 64 letters, digits, - or _, made once per message';

export const answerSchema = z.object(
  {
    clientId: z.string({ error: CLIENT_ID_RULE }).trim().min(8, CLIENT_ID_RULE).max(64, CLIENT_ID_RULE).regex(/^[A-Za-z0-9_-]+$/, CLIENT_ID_RULE),
    text: z
      .string({ error: 'text must be the answer as a string' })
      .max(MAX_ANSWER_LENGTH, `Answers can be up to ${MAX_ANSWER_LENGTH} characters; please split a longer answer into two messages.`)
      .refine((t) => t.replace(/[\u200B-\u200F\u2060-\u2064\uFEFF]/g, '').trim().length > 0, 'Write an answer before sending.')
      // Postgres text cannot hold NUL; refuse it here rather than fail on save.
      .refine((t) => !t.includes('\u0000'), 'The answer contains a character that cannot be saved (NUL); please remove it and send again.'),
  },
  { error: 'An answer must be an object { clientId, text }: clientId a string made once per message, text the answer.' },
);

export interface PublicMessage {
  seq: number;
  role: 'interviewer' | 'candidate';
  kind: MessageKind;
  text: string;
  /** For interviewer messages about a question: its number, 1 to the question count. */
  questionNumber: number | null;
}

/** The reply being written, as a page that connects mid-reply receives it. */
export interface PendingReply {
  replyId: string;
  afterSeq: number;
  n: number;
  text: string;
}

export interface Notice {
  code: 'reply_delayed';
  message: string;
}

export type RoomEvent = 'delta' | 'message' | 'status' | 'notice' | 'reply_cancelled';

/** Runs inside the starting transaction, so work it queues (such as telling Ashby) commits with the start. */
export type StartHook = (em: EntityManager, interview: Interview) => Promise<void>;

/** How the conversation reaches the candidate's open pages, in whichever process they are connected. */
export interface InterviewRoom {
  emit(interviewId: string, event: RoomEvent, payload: object): void;
}

/** Candidate-facing errors: the message is shown on the interview page as it is. */
export const ChatErrors = {
  notStartable: (status: CandidateStatus) =>
    new DomainError('CONFLICT', status === 'expired' ? 'This interview link has expired. Reply to your invitation email if you would still like to take part.' : status === 'cancelled' ? 'This interview was cancelled by the hiring team.' : 'This interview has already finished. Thank you!'),
  notInProgress: () => new DomainError('CONFLICT', 'This interview is not in progress, so the message was not saved. Reload the page to see where things stand.'),
  badAnswer: (message: string) => new DomainError('BAD_USER_INPUT', message),
  waitForReply: () => new DomainError('RATE_LIMITED', 'Please wait for the interviewer to reply before sending more; your earlier messages are saved.'),
  tooManyMessages: () => new DomainError('RATE_LIMITED', 'This interview has reached its message limit, so the message was not saved. Reply to your invitation email if you need to add something.'),
};

interface TurnPlan {
  input: SpeakInput;
  kind: MessageKind;
  question: Question | null;
  /** What the candidate's unanswered messages turned out to be. */
  candidateKind: MessageKind | null;
}

/**
 * The conversation: starting on the candidate's explicit action, storing messages exactly once,
 * and the interviewer's turns. Each turn is planned in code from the transcript (which question,
 * a follow-up within the budget, a role answer or a redirect that keeps the question open, the
 * close); the interviewer only classifies the candidate's message within a closed set and words
 * the reply. Turns run as queue tasks, so a crash mid-reply is picked up again and any process
 * can serve any interview. When the model cannot be used the turn waits briefly with a notice to
 * the page, then carries on with scripted wording.
 */
export class ConversationService {
  readonly #startHooks: StartHook[] = [];

  constructor(
    private readonly deps: { interviews: InterviewService; interviewer: Interviewer; fallback: Interviewer; queue: TaskQueue; pubsub: PgPubSub; room: InterviewRoom },
  ) {}

  /** Registers work to do when a candidate starts, whichever page they start from. */
  onStart(hook: StartHook): void {
    this.#startHooks.push(hook);
  }

  async transcript(em: EntityManager, interview: Interview): Promise<PublicMessage[]> {
    const messages = await em.find(Message, { interview }, { orderBy: { seq: 'asc' } });
    const numbers = questionNumbers(await questionsFor(em, interview));
    return messages.map((m) => toPublic(m, numbers));
  }

  /** The interviewer owes a reply: the interview is under way and the candidate spoke last (or nobody spoke yet). */
  async awaitingReply(em: EntityManager, interview: Interview): Promise<boolean> {
    if (interview.status !== InterviewStatus.IN_PROGRESS) return false;
    const last = await em.findOne(Message, { interview }, { orderBy: { seq: 'desc' } });
    return !last || last.role === MessageRole.CANDIDATE;
  }

  /** The reply being written right now and any notice about it, for a page that (re)connects. */
  async replyInProgress(em: EntityManager, interview: Interview): Promise<{ pendingReply: PendingReply | null; notice: Notice | null }> {
    const none = { pendingReply: null, notice: null };
    if (!(await this.awaitingReply(em, interview))) return none;
    const draft = await em.findOne(ReplyDraft, { interview: interview.id });
    if (!draft || draft.afterSeq !== interview.lastSeq || Date.now() - draft.updatedAt.getTime() > DRAFT_FRESH_MS) return none;
    return {
      pendingReply: draft.text ? { replyId: draft.replyId, afterSeq: draft.afterSeq, n: draft.n, text: draft.text } : null,
      notice: draft.notice ? { code: 'reply_delayed', message: draft.notice } : null,
    };
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
      for (const hook of this.#startHooks) await hook(tem, interview);
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
    if (interview.lastSeq >= MAX_MESSAGES) throw ChatErrors.tooManyMessages();

    try {
      const message = await em.transactional(async (tem) => {
        const seq = await nextSeq(tem, interview.id);
        if (seq === null) throw ChatErrors.notInProgress();
        // Checked under the row lock nextSeq took, so a burst of messages cannot all pass at once.
        if (seq > MAX_MESSAGES) throw ChatErrors.tooManyMessages();
        const waiting = await tem.getConnection().execute<{ n: string }[]>(
          `select count(*) as n from message where interview_id = ? and role = 'candidate'
             and seq > coalesce((select max(seq) from message where interview_id = ? and role = 'interviewer'), 0)`,
          [interview.id, interview.id], 'all', tem.getTransactionContext(),
        );
        if (Number(waiting[0]!.n) >= MAX_UNANSWERED) throw ChatErrors.waitForReply();
        const asked = await tem.findOne(Message, { interview: interview.id, role: MessageRole.INTERVIEWER }, { orderBy: { seq: 'desc' } });
        const stored = tem.create(Message, { interview: interview.id, seq, role: MessageRole.CANDIDATE, kind: MessageKind.ANSWER, text, clientId, question: asked?.question ?? null });
        await tem.flush();
        await this.deps.queue.enqueue(tem, INTERVIEWER_TURN, { interviewId: interview.id }, { key: `turn:${interview.id}:${seq}` });
        return stored;
      });
      this.deps.room.emit(interview.id, 'message', toPublic(message, new Map()));
      return { seq: message.seq };
    } catch (error) {
      if (!(error instanceof UniqueConstraintViolationException)) throw error;
      // The same message arrived twice at once (a resend racing the original): the first one won.
      const winner = await em.fork().findOneOrFail(Message, { interview: interview.id, clientId });
      return { seq: winner.seq };
    }
  }

  /**
   * Queues the interviewer's turn again when a reply is owed and no turn is queued or running (its
   * task gave up earlier), so a candidate who comes back later finds the interview moving again.
   */
  async resumeIfStalled(em: EntityManager, interview: Interview, log: Logger): Promise<boolean> {
    if (!(await this.awaitingReply(em, interview))) return false;
    const resumed = await em.transactional(async (tem) => {
      const connection = tem.getConnection();
      const context = tem.getTransactionContext();
      // The row lock serialises two pages reconnecting at once.
      await connection.execute('select id from interview where id = ? for update', [interview.id], 'all', context);
      const active = await connection.execute<{ count: string }[]>(
        `select count(*) from task where kind = ? and status in ('queued', 'running') and payload->>'interviewId' = ?`,
        [INTERVIEWER_TURN, interview.id], 'all', context,
      );
      if (Number(active[0]!.count) > 0) return false;
      return this.deps.queue.enqueue(tem, INTERVIEWER_TURN, { interviewId: interview.id }, { key: `turn:${interview.id}:${interview.lastSeq}:resume:${randomUUID()}` });
    });
    if (resumed) log.info({ interviewId: interview.id }, 'stalled interviewer turn queued again');
    return resumed;
  }

  /** Task: the interviewer's next message, streamed to the candidate's pages and then stored. */
  async takeTurn(em: EntityManager, payload: { interviewId: string }, log: Logger, attempt = 1): Promise<void> {
    const interview = await em.findOne(Interview, payload.interviewId, { populate: ['job', 'candidate', 'org'] });
    if (!interview || interview.status !== InterviewStatus.IN_PROGRESS) return;
    const messages = await em.find(Message, { interview }, { orderBy: { seq: 'asc' }, populate: ['question'] });
    const last = messages.at(-1);
    if (last && last.role === MessageRole.INTERVIEWER) return; // already answered: a duplicate or stale task

    const reply = new ReplyWriter({ em: em.fork(), room: this.deps.room, interviewId: interview.id, afterSeq: interview.lastSeq, log });
    if (!(await reply.claim())) {
      log.info({ interviewId: interview.id }, 'interviewer reply superseded by a newer message');
      return;
    }
    const useModel = attempt <= MODEL_TURN_ATTEMPTS;
    const questions = await questionsFor(em, interview);

    let plan: TurnPlan;
    let text: string;
    try {
      plan = await this.#plan({ interview, messages, questions, useModel, log });
      text = await this.#speak(plan, reply, useModel, log);
      await reply.settle();
    } catch (error) {
      return this.#abandon({ error, reply, attempt, interviewId: interview.id, log });
    }

    const stored = await this.#store(em, { interview, plan, text, reply, lastInterviewerSeq: lastInterviewerSeq(messages) });
    if (!stored) {
      await reply.cancel();
      log.info({ interviewId: interview.id }, 'interviewer reply superseded by a newer message');
      return;
    }
    this.deps.room.emit(interview.id, 'message', { ...toPublic(stored, questionNumbers(questions)), replyId: reply.replyId });
    log.info({ interviewId: interview.id, kind: plan.kind, seq: stored.seq }, 'interviewer replied');
    if (plan.kind === MessageKind.CLOSING) {
      this.deps.room.emit(interview.id, 'status', { status: 'finished' });
      log.info({ interviewId: interview.id }, 'interview completed');
    }
  }

  /**
   * Takes a failed reply off the pages. A reply overtaken by a newer message just ends; a model
   * that could not be reached leaves a notice and the turn is retried soon (a Retry-After counts,
   * up to TURN_RETRY_CEILING_MS); anything else is the queue's to retry.
   */
  async #abandon(input: { error: unknown; reply: ReplyWriter; attempt: number; interviewId: string; log: Logger }): Promise<void> {
    const { error, reply, log } = input;
    if (error instanceof ReplyAbortedError || reply.isSuperseded) {
      await reply.cancel();
      log.info({ interviewId: input.interviewId }, 'interviewer reply superseded by a newer message');
      return;
    }
    if (!(error instanceof ModelUnavailableError)) {
      await reply.cancel();
      throw error;
    }
    await reply.cancel(REPLY_DELAYED);
    const delayMs = Math.min(Math.max(error.retryAfterMs ?? TURN_RETRY_FLOOR_MS * 2 ** input.attempt, TURN_RETRY_FLOOR_MS), TURN_RETRY_CEILING_MS);
    log.warn({ interviewId: input.interviewId, reason: error.reason, delayMs }, 'model unavailable for the interviewer reply; will retry');
    throw new RetryLater(delayMs, error.message);
  }

  /** Words the planned message; unusable model output falls back to the scripted wording at once. */
  async #speak(plan: TurnPlan, reply: ReplyWriter, useModel: boolean, log: Logger): Promise<string> {
    const options = { onText: (soFar: string) => reply.push(soFar), signal: reply.signal };
    if (!useModel) return this.deps.fallback.speak(plan.input, options);
    try {
      return await this.deps.interviewer.speak(plan.input, options);
    } catch (error) {
      if (!(error instanceof ModelOutputError)) throw error;
      log.warn({ problem: error.problem, kind: plan.kind }, 'interviewer reply unusable; using the scripted wording');
      return this.deps.fallback.speak(plan.input, options);
    }
  }

  /** Writes the reply only if nothing was added meanwhile; otherwise the newer turn task replies with the fuller context. */
  async #store(em: EntityManager, input: { interview: Interview; plan: TurnPlan; text: string; reply: ReplyWriter; lastInterviewerSeq: number }): Promise<Message | null> {
    const { interview, plan } = input;
    return em.transactional(async (tem) => {
      const rows = await tem.getConnection().execute<{ last_seq: number }[]>(
        `update interview set last_seq = last_seq + 1, updated_at = now() where id = ? and last_seq = ? and status = 'in_progress' returning last_seq`,
        [interview.id, interview.lastSeq], 'all', tem.getTransactionContext(),
      );
      if (rows.length === 0) return null;
      if (plan.candidateKind) {
        await tem.nativeUpdate(Message, { interview: interview.id, role: MessageRole.CANDIDATE, seq: { $gt: input.lastInterviewerSeq } }, { kind: plan.candidateKind });
      }
      const message = tem.create(Message, { interview: interview.id, seq: rows[0]!.last_seq, role: MessageRole.INTERVIEWER, kind: plan.kind, text: input.text, question: plan.question?.id ?? null });
      await input.reply.removeDraft(tem);
      if (plan.kind === MessageKind.CLOSING) {
        await tem.nativeUpdate(Interview, { id: interview.id }, { status: InterviewStatus.COMPLETED, completedAt: new Date() });
        await this.deps.queue.enqueue(tem, SCORE_INTERVIEW, { interviewId: interview.id }, { key: `score:${interview.id}:1` });
        await publishInterviewChanged(this.deps.pubsub, tem, { orgId: interview.org.id, interviewId: interview.id, jobId: interview.job.id, status: InterviewStatus.COMPLETED });
      }
      await tem.flush();
      return message;
    });
  }

  /**
   * Decides the next step in code, from the transcript. Only the classification of the candidate's
   * message comes from the interviewer, and every outcome keeps the order: a role question or an
   * off-topic message leaves the question open, a follow-up is asked at most FOLLOW_UPS_PER_QUESTION
   * times, and only an answer moves on.
   */
  async #plan(input: { interview: Interview; messages: Message[]; questions: Question[]; useModel: boolean; log: Logger }): Promise<TurnPlan> {
    const { interview, messages, questions } = input;
    const count = questions.length;
    const firstName = interview.candidate.name.split(/\s+/)[0] || interview.candidate.name;
    const close: TurnPlan = { input: { kind: 'close', orgName: interview.org.name, candidateFirstName: firstName }, kind: MessageKind.CLOSING, question: null, candidateKind: MessageKind.ANSWER };
    if (count === 0) return { ...close, candidateKind: null };
    if (messages.length === 0) {
      return {
        input: { kind: 'open', orgName: interview.org.name, jobTitle: interview.job.title, candidateFirstName: firstName, question: questions[0]!.text, questionNumber: 1, questionCount: count },
        kind: MessageKind.QUESTION,
        question: questions[0]!,
        candidateKind: null,
      };
    }

    const asked = [...messages].reverse().find((m) => m.role === MessageRole.INTERVIEWER && m.question);
    const index = asked ? questions.findIndex((q) => q.id === asked.question!.id) : -1;
    const current = questions[index];
    const next = questions[index + 1];
    const nextQuestion = (): TurnPlan =>
      next
        ? { input: { kind: 'next', question: next.text, questionNumber: index + 2, questionCount: count }, kind: MessageKind.QUESTION, question: next, candidateKind: MessageKind.ANSWER }
        : close;
    if (!current) return nextQuestion();

    const unanswered = messages.filter((m) => m.role === MessageRole.CANDIDATE && m.seq > lastInterviewerSeq(messages)).map((m) => m.text).join('\n');
    const assessment = await this.#assess({ question: current.text, message: unanswered }, input.useModel, input.log);
    const position = { currentQuestion: current.text, questionNumber: index + 1, questionCount: count };
    switch (assessment.type) {
      case 'role_question':
        return { input: { kind: 'role_answer', roleQuestion: unanswered, jobDescription: interview.job.description ?? '', ...position }, kind: MessageKind.ROLE_ANSWER, question: current, candidateKind: MessageKind.ROLE_QUESTION };
      case 'off_topic':
      case 'abusive':
        return { input: { kind: 'redirect', reason: assessment.type, ...position }, kind: MessageKind.REDIRECT, question: current, candidateKind: MessageKind.OFF_TOPIC };
      case 'answer': {
        const followUps = messages.filter((m) => m.kind === MessageKind.FOLLOW_UP && m.question?.id === current.id).length;
        if (!assessment.needsFollowUp || followUps >= FOLLOW_UPS_PER_QUESTION) return nextQuestion();
        return {
          input: { kind: 'follow_up', followUp: assessment.followUpQuestion ?? FOLLOW_UP_FOR_DETAIL, questionNumber: index + 1, questionCount: count },
          kind: MessageKind.FOLLOW_UP,
          question: current,
          candidateKind: MessageKind.ANSWER,
        };
      }
    }
  }

  /** The model's reading of the message, or the rules' when the model cannot give one. */
  async #assess(input: { question: string; message: string }, useModel: boolean, log: Logger): Promise<ReplyAssessment> {
    if (!useModel) return this.deps.fallback.assessReply(input);
    try {
      return await this.deps.interviewer.assessReply(input);
    } catch (error) {
      if (!(error instanceof ModelOutputError) && !(error instanceof ModelUnavailableError)) throw error;
      log.warn({ err: describeError(error) }, 'model could not assess the reply; using the rules');
      return this.deps.fallback.assessReply(input);
    }
  }
}

function lastInterviewerSeq(messages: Message[]): number {
  return [...messages].reverse().find((m) => m.role === MessageRole.INTERVIEWER)?.seq ?? 0;
}

function questionNumbers(questions: Question[]): Map<string, number> {
  return new Map(questions.map((q, i) => [q.id, i + 1]));
}

/** Reserves the next sequence number under the interview's row lock; null when it is not in progress. */
async function nextSeq(em: EntityManager, interviewId: string): Promise<number | null> {
  const rows = await em.getConnection().execute<{ last_seq: number }[]>(
    `update interview set last_seq = last_seq + 1, updated_at = now() where id = ? and status = 'in_progress' returning last_seq`,
    [interviewId], 'all', em.getTransactionContext(),
  );
  return rows[0]?.last_seq ?? null;
}

export function toPublic(message: Message, numbers: Map<string, number>): PublicMessage {
  const isInterviewer = message.role === MessageRole.INTERVIEWER;
  const questionId = message.question?.id;
  return {
    seq: message.seq,
    role: isInterviewer ? 'interviewer' : 'candidate',
    kind: message.kind,
    text: message.text,
    questionNumber: isInterviewer && questionId ? (numbers.get(questionId) ?? null) : null,
  };
}
