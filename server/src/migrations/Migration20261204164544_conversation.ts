import { Migration } from '@mikro-orm/migrations';

/** The interviewer's reply while it is being written (reply_draft), and the conversation's message kinds. */
export class Migration20261204164544_conversation extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "reply_draft" ("interview_id" uuid not null, "reply_id" uuid not null, "after_seq" int not null, "text" text not null, "n" int not null, "notice" text null, "updated_at" timestamptz not null, constraint "reply_draft_pkey" primary key ("interview_id"));`);
    this.addSql(`alter table "reply_draft" add constraint "reply_draft_interview_id_foreign" foreign key ("interview_id") references "interview" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "message" drop constraint if exists "message_kind_check";`);
    this.addSql(`alter table "message" add constraint "message_kind_check" check("kind" in ('question', 'follow_up', 'answer', 'closing', 'role_question', 'role_answer', 'off_topic', 'redirect'));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "reply_draft" cascade;`);
    this.addSql(`alter table "message" drop constraint if exists "message_kind_check";`);
    this.addSql(`alter table "message" add constraint "message_kind_check" check("kind" in ('question', 'follow_up', 'answer', 'closing'));`);
  }
}
