import { Entity, OneToOne, Property } from '@mikro-orm/core';
import { Interview } from './interview.entity.js';

/**
 * The interviewer's reply while it is being written, one row per interview: a page that connects
 * mid-reply is sent the text so far, and a notice when the reply is delayed. Written by the turn
 * task a few times a second, deleted in the transaction that stores the finished message.
 */
@Entity({ tableName: 'reply_draft' })
export class ReplyDraft {
  @OneToOne({ entity: () => Interview, primary: true, owner: true, deleteRule: 'cascade' })
  interview!: Interview;

  @Property({ type: 'uuid' })
  replyId!: string;

  /** The interview's last message when this reply was begun; a reply begun after a later message replaces it. */
  @Property({ type: 'int' })
  afterSeq!: number;

  @Property({ type: 'text' })
  text!: string;

  /** Increases with every piece of text, so a page can drop pieces that arrive out of order. */
  @Property({ type: 'int' })
  n!: number;

  /** Shown to the candidate while the reply is held up (the model is unavailable and the turn will be retried). */
  @Property({ type: 'text', nullable: true })
  notice!: string | null;

  @Property({ type: 'timestamptz' })
  updatedAt!: Date;
}
