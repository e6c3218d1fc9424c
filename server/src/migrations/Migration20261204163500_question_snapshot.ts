import { Migration } from '@mikro-orm/migrations';

/** Interviews keep the questions they started with; removed questions are archived, not deleted. */
export class Migration20261204163500_question_snapshot extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "interview" add column "question_ids" jsonb null;`);
    this.addSql(`alter table "question" add column "archived_at" timestamptz null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "interview" drop column "question_ids";`);
    this.addSql(`alter table "question" drop column "archived_at";`);
  }
}
