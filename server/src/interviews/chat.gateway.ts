import type { EntityManager } from '@mikro-orm/postgresql';
import type { Namespace, Server, Socket } from 'socket.io';
import type { Interviewer } from '../ai/interviewer.js';
import type { Orm } from '../platform/db.js';
import { DomainError } from '../platform/errors.js';
import { describeError, type Logger } from '../platform/logger.js';
import type { ConversationService, InterviewRoom } from './conversation.service.js';
import { Interview } from './interview.entity.js';
import { questionsFor, type InterviewService } from './interview.service.js';

type Ack = (reply: object) => void;

const roomOf = (interviewId: string) => `interview:${interviewId}`;

/** Emits to every page open on an interview, in any process (through the Postgres adapter). */
export function socketRoom(io: Server): InterviewRoom {
  const ns = io.of('/interview');
  return { emit: (interviewId, event, payload) => void ns.to(roomOf(interviewId)).emit(event, payload) };
}

/**
 * The candidate's chat: namespace /interview, authenticated by the link token in the handshake.
 * The server derives the interview from the token and ignores any id a client sends. Every event
 * runs in its own unit of work; errors reach the page as `{ error: { code, message } }` acks
 * written for candidates, never as stack traces.
 */
export function registerChatGateway(io: Server, deps: { orm: Orm; log: Logger; interviews: InterviewService; conversation: ConversationService; interviewer: Interviewer }): Namespace {
  const ns = io.of('/interview');

  ns.use(async (socket, next) => {
    const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    const interview = await deps.interviews.findByToken(deps.orm.em.fork(), token).catch(() => null);
    if (!interview) {
      const error = new Error("This interview link isn't valid. Check that you copied the whole link from your email.") as Error & { data?: object };
      error.data = { code: 'NOT_FOUND' };
      return next(error);
    }
    socket.data.interviewId = interview.id;
    next();
  });

  ns.on('connection', (socket: Socket) => {
    const interviewId = socket.data.interviewId as string;
    const log = deps.log.child({ interviewId, socketId: socket.id });
    // Handlers first, synchronously: a client may emit the moment it is connected.
    on(socket, 'start', log, async (em, interview) => {
      await deps.conversation.begin(em, interview);
      return { ok: true };
    }, deps);
    on(socket, 'answer', log, async (em, interview, payload) => deps.conversation.answer(em, interview, payload), deps);
    on(socket, 'sync', log, async (em, interview) => {
      await sendState(socket, deps, interview.id, em);
      return { ok: true };
    }, deps);

    void socket.join(roomOf(interviewId));
    void connected(socket, deps, interviewId, log).catch((error) => log.error({ err: describeError(error) }, 'could not send interview state'));
  });

  return ns;
}

function on(
  socket: Socket,
  event: string,
  log: Logger,
  handler: (em: EntityManager, interview: Interview, payload: unknown) => Promise<object>,
  deps: { orm: Orm; interviews: InterviewService },
): void {
  socket.on(event, async (...args: unknown[]) => {
    const ack = typeof args.at(-1) === 'function' ? (args.at(-1) as Ack) : () => {};
    if (!withinRate(socket)) {
      ack({ error: { code: 'RATE_LIMITED', message: 'You are sending very quickly; please wait a moment and try again.' } });
      return;
    }
    const payload = typeof args[0] === 'function' ? undefined : args[0];
    const em = deps.orm.em.fork();
    try {
      const interview = await loadInterview(em, socket.data.interviewId as string);
      ack(await handler(em, interview, payload));
    } catch (error) {
      if (error instanceof DomainError) {
        log.info({ event, code: error.code }, 'chat request refused');
        ack({ error: { code: error.code, message: error.message } });
        return;
      }
      log.error({ event, err: describeError(error) }, 'chat handler failed');
      ack({ error: { code: 'INTERNAL', message: 'Something went wrong on our side and your last action was not saved. Please try again in a moment.' } });
    }
  });
}

type StateDeps = { orm: Orm; interviews: InterviewService; conversation: ConversationService; interviewer: Interviewer };

/** A page (re)connected: it gets the state, and a turn that gave up earlier is queued again. */
async function connected(socket: Socket, deps: StateDeps, interviewId: string, log: Logger): Promise<void> {
  await sendState(socket, deps, interviewId);
  const em = deps.orm.em.fork();
  await deps.conversation.resumeIfStalled(em, await loadInterview(em, interviewId), log);
}

/**
 * Everything a page needs to show the interview as it stands, including the reply being written
 * (from reply_draft, so a page that connects mid-reply shows it at once and continues from it).
 */
async function sendState(socket: Socket, deps: StateDeps, interviewId: string, em = deps.orm.em.fork()): Promise<void> {
  const interview = await loadInterview(em, interviewId);
  const { pendingReply, notice } = await deps.conversation.replyInProgress(em, interview);
  socket.emit('state', {
    status: deps.interviews.candidateStatus(interview),
    messages: await deps.conversation.transcript(em, interview),
    pendingReply,
    notice,
    awaitingReply: await deps.conversation.awaitingReply(em, interview),
    questionCount: (await questionsFor(em, interview)).length,
    interviewer: { builtIn: deps.interviewer.isBuiltIn, label: deps.interviewer.label },
  });
}

function loadInterview(em: EntityManager, id: string): Promise<Interview> {
  return em.findOneOrFail(Interview, id, { populate: ['job', 'candidate', 'org'] });
}

const RATE_WINDOW_MS = 10_000;
const RATE_MAX_EVENTS = 30;

/** A per-connection budget of events: a page sends a handful a minute, a script thousands. */
function withinRate(socket: Socket): boolean {
  const now = Date.now();
  const recent = ((socket.data.eventTimes as number[] | undefined) ?? []).filter((t) => now - t < RATE_WINDOW_MS);
  recent.push(now);
  socket.data.eventTimes = recent;
  return recent.length <= RATE_MAX_EVENTS;
}
