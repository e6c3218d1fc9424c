import type { LinkStatus } from './interview-link';

/** The socket.io `/interview` namespace, as the server speaks it. */

export type ChatStatus = LinkStatus;
export type ChatRole = 'interviewer' | 'candidate';
/** Interviewer: question, follow_up, role_answer, redirect, closing. Candidate: answer, role_question, off_topic. */
export type MessageKind = 'question' | 'follow_up' | 'role_answer' | 'redirect' | 'closing' | 'answer' | 'role_question' | 'off_topic';

export type ChatMessage = {
  seq: number;
  role: ChatRole;
  kind: MessageKind;
  text: string;
  /** Interviewer messages about a question carry its number. */
  questionNumber: number | null;
};

/**
 * The interviewer's reply while it is written. `text` is the whole reply so far; `n` grows with
 * every piece; `afterSeq` is the last message the reply answers.
 */
export type PendingReply = { replyId: string; afterSeq: number; n: number; text: string };
export type Notice = { code: 'reply_delayed'; message: string };
export type ProtocolError = { code: string; message: string };

export type StatePayload = {
  status: ChatStatus;
  messages: ChatMessage[];
  pendingReply: PendingReply | null;
  notice: Notice | null;
  awaitingReply: boolean;
  questionCount: number;
  interviewer: { builtIn: boolean; label: string };
};

export type StartAck = { ok: true } | { error: ProtocolError };
export type AnswerAck = { seq: number } | { error: ProtocolError };

export interface ServerToClientEvents {
  /** Sent on every (re)connect: the whole transcript so far and the reply being written. */
  state: (payload: StatePayload) => void;
  /** May arrive out of order, even after the message it belongs to. */
  delta: (payload: PendingReply) => void;
  message: (payload: ChatMessage & { replyId?: string }) => void;
  status: (payload: { status: ChatStatus }) => void;
  /** The reply is held up (null: no longer). */
  notice: (payload: { notice: Notice | null }) => void;
  /** The server abandoned this reply; drop what is shown of it. */
  reply_cancelled: (payload: { replyId: string }) => void;
}

export interface ClientToServerEvents {
  start: (ack: (result: StartAck) => void) => void;
  /** The server stores each `clientId` once, so re-sending after a reconnect is safe. */
  answer: (payload: { clientId: string; text: string }, ack: (result: AnswerAck) => void) => void;
}
