import { io, type Socket } from 'socket.io-client';
import type {
  AnswerAck,
  ChatMessage,
  ChatStatus,
  ClientToServerEvents,
  Notice,
  PendingReply,
  ServerToClientEvents,
  StatePayload,
} from './chat.protocol';
import { loadOutbox, newClientId, saveOutbox } from './chat.storage';

/** An answer the server has not confirmed yet. */
export type OutgoingAnswer = {
  clientId: string;
  text: string;
  state: 'sending' | 'failed';
  error?: string;
};

/**
 * `reconnecting`: socket.io is retrying by itself. `refused`: the server turned the connection
 * away or closed it, and nothing happens until the candidate asks to try again.
 */
export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'refused';

export type StartResult = { ok: true } | { ok: false; message: string };

const START_ACK_TIMEOUT_MS = 15_000;
const ANSWER_ACK_TIMEOUT_MS = 20_000;

const START_FAILED_MESSAGE =
  "We couldn't start the interview. Check your connection and try again.";
const ANSWER_SLOW_MESSAGE =
  "Your answer hasn't been confirmed yet. Check your connection and try again.";
const REFUSED_FALLBACK_MESSAGE =
  "We couldn't connect to your interview. Please try again in a moment.";
const CLOSED_BY_SERVER_MESSAGE = 'The connection to your interview was closed.';

type InterviewSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * One candidate's live connection to their interview: the transcript, the reply being written,
 * and the answers still on their way. Answers survive reconnects and reloads: each keeps its
 * `clientId` and is sent again until the server confirms it.
 */
export class ChatSession {
  messages = $state<ChatMessage[]>([]);
  pendingReply = $state<PendingReply | null>(null);
  /** Shown while the interviewer's reply is held up; the server clears it by replying. */
  notice = $state<Notice | null>(null);
  questionCount = $state<number | null>(null);
  status = $state<ChatStatus | null>(null);
  outbox = $state<OutgoingAnswer[]>([]);
  connection = $state<ConnectionState>('connecting');
  connectionError = $state<string | null>(null);

  readonly isEnded = $derived(
    this.status === 'finished' || this.status === 'expired' || this.status === 'cancelled',
  );

  /** The interviewer owes a reply and is not held up: it is streaming one, or the candidate spoke last. */
  readonly isInterviewerTyping = $derived.by(() => {
    if (this.status !== 'in_progress' || this.notice) return false;
    if (this.pendingReply) return true;
    const last = this.messages.at(-1);
    return last === undefined || last.role === 'candidate';
  });

  /** The number of the question under way, from the interviewer's latest message about one. */
  readonly currentQuestion = $derived(
    this.messages.findLast((message) => message.role === 'interviewer' && message.questionNumber !== null)?.questionNumber ?? null,
  );

  readonly #token: string;
  readonly #socket: InterviewSocket;
  // Replies whose message has arrived or that the server abandoned; a late `delta` must not reopen them.
  readonly #closedReplyIds = new Set<string>();
  // Which emit of an answer is the latest; acks and timeouts of older emits are ignored.
  readonly #sendAttempts = new Map<string, number>();

  constructor(token: string) {
    this.#token = token;
    this.outbox = loadOutbox(token).map((answer) => ({ ...answer, state: 'sending' }));
    this.#socket = io('/interview', {
      path: '/socket.io',
      transports: ['websocket'],
      auth: { token },
      autoConnect: false,
    });
    this.#listen();
  }

  connect(): void {
    if (this.connection === 'refused') this.connection = 'connecting';
    this.connectionError = null;
    this.#socket.connect();
  }

  /** Retries now instead of waiting for socket.io's next backoff step. */
  reconnectNow(): void {
    this.#socket.disconnect();
    this.connection = 'connecting';
    this.connectionError = null;
    this.#socket.connect();
  }

  close(): void {
    this.#socket.removeAllListeners();
    this.#socket.disconnect();
  }

  /** Asks the server to begin the interview; only the candidate's Start click calls this. */
  async start(): Promise<StartResult> {
    if (this.#socket.disconnected) this.connect();

    // A refused connection would otherwise only show up as the ack timing out.
    let stopWatching = () => {};
    const refusal = new Promise<StartResult>((resolve) => {
      const onConnectError = (error: Error) => {
        if (this.#socket.active) return;
        // Drop the buffered `start`, so a later reconnect doesn't start the interview unasked.
        this.#socket.sendBuffer = [];
        resolve({ ok: false, message: error.message || REFUSED_FALLBACK_MESSAGE });
      };
      this.#socket.on('connect_error', onConnectError);
      stopWatching = () => this.#socket.off('connect_error', onConnectError);
    });

    try {
      return await Promise.race([this.#requestStart(), refusal]);
    } finally {
      stopWatching();
    }
  }

  async #requestStart(): Promise<StartResult> {
    try {
      const ack = await this.#socket.timeout(START_ACK_TIMEOUT_MS).emitWithAck('start');
      if ('error' in ack) return { ok: false, message: ack.error.message || START_FAILED_MESSAGE };
      if (this.status === null || this.status === 'not_started') this.status = 'in_progress';
      return { ok: true };
    } catch {
      return { ok: false, message: START_FAILED_MESSAGE };
    }
  }

  /** Queues an answer and sends it; it stays visible as "sending…" until the server confirms. */
  send(text: string): void {
    const answer: OutgoingAnswer = { clientId: newClientId(), text, state: 'sending' };
    this.outbox.push(answer);
    this.#persistOutbox();
    if (this.#socket.connected) this.#emitAnswer(answer.clientId);
  }

  retry(clientId: string): void {
    const answer = this.outbox.find((item) => item.clientId === clientId);
    if (!answer) return;
    answer.state = 'sending';
    answer.error = undefined;
    if (this.#socket.connected) this.#emitAnswer(clientId);
    else if (this.connection === 'refused') this.connect();
  }

  /** Takes a failed answer back out of the queue and returns its text for editing. */
  withdraw(clientId: string): string {
    const answer = this.outbox.find((item) => item.clientId === clientId);
    this.outbox = this.outbox.filter((item) => item.clientId !== clientId);
    this.#sendAttempts.delete(clientId);
    this.#persistOutbox();
    return answer?.text ?? '';
  }

  #listen(): void {
    const socket = this.#socket;

    socket.on('connect', () => {
      this.connection = 'connected';
      this.connectionError = null;
      for (const answer of this.outbox) {
        if (answer.state === 'sending') this.#emitAnswer(answer.clientId);
      }
    });

    socket.on('disconnect', (reason) => {
      if (reason === 'io client disconnect') return;
      if (reason === 'io server disconnect') {
        this.connection = 'refused';
        this.connectionError = CLOSED_BY_SERVER_MESSAGE;
        return;
      }
      this.connection = 'reconnecting';
    });

    socket.on('connect_error', (error) => {
      // socket.active stays true for network trouble (socket.io keeps retrying) and turns false
      // when the server's middleware rejected the connection; that message is written for candidates.
      if (socket.active) {
        this.connection = 'reconnecting';
        return;
      }
      this.connection = 'refused';
      this.connectionError = error.message || REFUSED_FALLBACK_MESSAGE;
    });

    socket.on('state', (payload) => this.#applyState(payload));
    socket.on('delta', (reply) => this.#showReply(reply));
    socket.on('message', (message) => {
      if (message.replyId !== undefined) this.#closedReplyIds.add(message.replyId);
      this.#addMessage({ seq: message.seq, role: message.role, kind: message.kind, text: message.text, questionNumber: message.questionNumber });
    });
    socket.on('reply_cancelled', ({ replyId }) => {
      this.#closedReplyIds.add(replyId);
      if (this.pendingReply?.replyId === replyId) this.pendingReply = null;
    });
    socket.on('notice', ({ notice }) => {
      this.notice = notice;
    });
    socket.on('status', ({ status }) => {
      this.status = status;
    });
  }

  #applyState(payload: StatePayload): void {
    this.status = payload.status;
    this.questionCount = payload.questionCount;
    this.messages = [...payload.messages].sort((a, b) => a.seq - b.seq);
    this.notice = payload.notice;
    this.pendingReply = null;
    if (payload.pendingReply) this.#showReply(payload.pendingReply);
  }

  /**
   * Pieces travel through Postgres between server processes and can arrive out of order, even
   * after their message: a piece is shown only if it is newer than what is shown and belongs to
   * a reply that nothing in the transcript has overtaken.
   */
  #showReply(reply: PendingReply): void {
    if (this.#closedReplyIds.has(reply.replyId)) return;
    if (this.messages.some((known) => known.seq > reply.afterSeq)) return;
    const shown = this.pendingReply;
    if (shown?.replyId === reply.replyId && shown.n >= reply.n) return;
    if (shown && shown.replyId !== reply.replyId && shown.afterSeq > reply.afterSeq) return;
    this.pendingReply = reply;
    this.notice = null;
  }

  #addMessage(message: ChatMessage): void {
    if (this.messages.some((known) => known.seq === message.seq)) return;
    const insertAt = this.messages.findIndex((known) => known.seq > message.seq);
    if (insertAt === -1) this.messages.push(message);
    else this.messages.splice(insertAt, 0, message);
    // A message past the reply's starting point means the reply is stored or was overtaken.
    if (this.pendingReply && message.seq > this.pendingReply.afterSeq) this.pendingReply = null;
    if (message.role === 'interviewer') this.notice = null;
  }

  #emitAnswer(clientId: string): void {
    const answer = this.outbox.find((item) => item.clientId === clientId);
    if (!answer) return;
    const attempt = (this.#sendAttempts.get(clientId) ?? 0) + 1;
    this.#sendAttempts.set(clientId, attempt);

    this.#socket
      .timeout(ANSWER_ACK_TIMEOUT_MS)
      .emit('answer', { clientId, text: answer.text }, (timeoutError, ack) => {
        if (this.#sendAttempts.get(clientId) !== attempt) return;
        if (timeoutError) {
          // While disconnected, the next `connect` sends it again; no need to alarm anyone.
          if (this.#socket.connected) this.#markFailed(clientId, ANSWER_SLOW_MESSAGE);
          return;
        }
        this.#handleAnswerAck(clientId, answer.text, ack);
      });
  }

  #handleAnswerAck(clientId: string, text: string, ack: AnswerAck): void {
    if ('error' in ack) {
      this.#markFailed(clientId, ack.error.message || ANSWER_SLOW_MESSAGE);
      return;
    }
    this.outbox = this.outbox.filter((item) => item.clientId !== clientId);
    this.#sendAttempts.delete(clientId);
    this.#persistOutbox();
    this.#addMessage({ seq: ack.seq, role: 'candidate', kind: 'answer', text, questionNumber: null });
  }

  #markFailed(clientId: string, message: string): void {
    const answer = this.outbox.find((item) => item.clientId === clientId);
    if (!answer) return;
    answer.state = 'failed';
    answer.error = message;
  }

  #persistOutbox(): void {
    saveOutbox(
      this.#token,
      this.outbox.map(({ clientId, text }) => ({ clientId, text })),
    );
  }
}
