import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { describeError, type Logger } from '../platform/logger.js';
import type { InterviewRoom } from './conversation.service.js';

/** Pieces of a reply are sent to pages at most this often; each carries the whole text, so none is lost. */
const DELTA_INTERVAL_MS = 80;
/** The text so far is saved for pages that connect mid-reply at most this often. */
const DRAFT_INTERVAL_MS = 250;

/**
 * One interviewer reply on its way out: streams its text to the interview's pages (throttled;
 * every piece is the whole text so far, numbered), keeps the text so far in reply_draft for pages
 * that connect mid-reply, and notices when a reply begun after a newer message took its place,
 * aborting the model call through `signal`.
 */
export class ReplyWriter {
  readonly replyId = randomUUID();
  readonly #controller = new AbortController();
  readonly #em: EntityManager;
  readonly #room: InterviewRoom;
  readonly #interviewId: string;
  readonly #afterSeq: number;
  readonly #log: Logger;
  #n = 0;
  #text = '';
  #emittedN = 0;
  #lastEmitAt = 0;
  #emitTimer: NodeJS.Timeout | undefined;
  #savedN = 0;
  #lastSaveAt = 0;
  #saveTimer: NodeJS.Timeout | undefined;
  #saving: Promise<void> = Promise.resolve();
  #isSuperseded = false;

  constructor(opts: { em: EntityManager; room: InterviewRoom; interviewId: string; afterSeq: number; log: Logger }) {
    this.#em = opts.em;
    this.#room = opts.room;
    this.#interviewId = opts.interviewId;
    this.#afterSeq = opts.afterSeq;
    this.#log = opts.log;
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  get isSuperseded(): boolean {
    return this.#isSuperseded;
  }

  /**
   * Takes the interview's draft slot; false when a reply begun after a newer message holds it.
   * A draft left by a crashed or failed attempt at the same turn is taken over.
   */
  async claim(): Promise<boolean> {
    return this.#write({ claim: true });
  }

  push(text: string): void {
    if (this.#isSuperseded || text === this.#text) return;
    this.#text = text;
    this.#n += 1;
    this.#scheduleEmit();
    this.#scheduleSave();
  }

  /** Sends what is not yet sent and waits for pending saves; call before storing the message. */
  async settle(): Promise<void> {
    clearTimeout(this.#emitTimer);
    this.#emitTimer = undefined;
    clearTimeout(this.#saveTimer);
    if (this.#emittedN < this.#n && !this.#isSuperseded) this.#emit();
    await this.#saving;
  }

  /** Tells the pages to drop what they have of this reply (it was abandoned or will be written again). */
  async cancel(notice: string | null = null): Promise<void> {
    await this.settle();
    this.#room.emit(this.#interviewId, 'reply_cancelled', { replyId: this.replyId });
    if (notice === null || this.#isSuperseded) return;
    await this.#em.getConnection().execute(
      `update reply_draft set text = '', notice = ?, updated_at = now() where interview_id = ? and reply_id = ?`,
      [notice, this.#interviewId, this.replyId],
    );
    this.#room.emit(this.#interviewId, 'notice', { notice: { code: 'reply_delayed', message: notice } });
  }

  /** Removes this reply's draft in the transaction that stores its message. */
  async removeDraft(tem: EntityManager): Promise<void> {
    await tem.getConnection().execute(`delete from reply_draft where interview_id = ? and reply_id = ?`, [this.#interviewId, this.replyId], 'run', tem.getTransactionContext());
  }

  #scheduleEmit(): void {
    const wait = DELTA_INTERVAL_MS - (Date.now() - this.#lastEmitAt);
    if (wait <= 0) return this.#emit();
    this.#emitTimer ??= setTimeout(() => {
      this.#emitTimer = undefined;
      this.#emit();
    }, wait);
  }

  #emit(): void {
    // A timer set before an immediate emit may fire after it: a piece goes out once.
    if (this.#emittedN >= this.#n) return;
    this.#lastEmitAt = Date.now();
    this.#emittedN = this.#n;
    this.#room.emit(this.#interviewId, 'delta', { replyId: this.replyId, afterSeq: this.#afterSeq, n: this.#n, text: this.#text });
  }

  #scheduleSave(): void {
    if (this.#saveTimer) return;
    const wait = Math.max(0, DRAFT_INTERVAL_MS - (Date.now() - this.#lastSaveAt));
    this.#saveTimer = setTimeout(() => {
      this.#saveTimer = undefined;
      this.#saving = this.#saving.then(() => this.#save());
    }, wait);
  }

  async #save(): Promise<void> {
    if (this.#savedN >= this.#n || this.#isSuperseded) return;
    this.#lastSaveAt = Date.now();
    const kept = await this.#write({ claim: false });
    if (!kept) {
      this.#isSuperseded = true;
      this.#controller.abort();
    }
  }

  /** Upserts the draft; a write after the claim only lands while this reply still holds the slot. */
  async #write(opts: { claim: boolean }): Promise<boolean> {
    const n = this.#n;
    const guard = opts.claim ? 'reply_draft.after_seq <= excluded.after_seq' : 'reply_draft.reply_id = excluded.reply_id';
    try {
      const rows = await this.#em.getConnection().execute<{ reply_id: string }[]>(
        `insert into reply_draft (interview_id, reply_id, after_seq, text, n, notice, updated_at) values (?, ?, ?, ?, ?, null, now())
         on conflict (interview_id) do update set reply_id = excluded.reply_id, after_seq = excluded.after_seq, text = excluded.text, n = excluded.n, notice = null, updated_at = now()
         where ${guard}
         returning reply_id`,
        [this.#interviewId, this.replyId, this.#afterSeq, this.#text, n],
      );
      this.#savedN = n;
      return rows.length > 0;
    } catch (error) {
      // The draft only helps pages that connect mid-reply; the reply itself goes on.
      this.#log.warn({ err: describeError(error) }, 'could not save the reply draft');
      return true;
    }
  }
}
