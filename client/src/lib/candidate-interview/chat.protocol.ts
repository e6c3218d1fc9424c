import type { LinkStatus } from './interview-link';

/** The socket.io `/interview` namespace, as the server speaks it. */

export type ChatStatus = LinkStatus;
export type ChatRole = 'interviewer' | 'candidate';

export type ChatMessage = { seq: number; role: ChatRole; text: string };
export type PendingReply = { replyId: string; text: string };
export type ProtocolError = { code: string; message: string };

export type StatePayload = {
  status: ChatStatus;
  messages: ChatMessage[];
  pendingReply: PendingReply | null;
};

export type StartAck = { ok: true } | { error: ProtocolError };
export type AnswerAck = { seq: number } | { error: ProtocolError };

export interface ServerToClientEvents {
  /** Sent on every (re)connect: the whole transcript so far. */
  state: (payload: StatePayload) => void;
  /** `text` is the whole reply so far, not an increment. */
  delta: (payload: PendingReply) => void;
  message: (payload: ChatMessage & { replyId?: string }) => void;
  status: (payload: { status: ChatStatus }) => void;
}

export interface ClientToServerEvents {
  start: (ack: (result: StartAck) => void) => void;
  /** The server stores each `clientId` once, so re-sending after a reconnect is safe. */
  answer: (payload: { clientId: string; text: string }, ack: (result: AnswerAck) => void) => void;
}
