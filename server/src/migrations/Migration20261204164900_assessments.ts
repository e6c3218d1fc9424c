import { Migration } from '@mikro-orm/migrations';

/** Ashby's assessment partner flow: the partner key, the link between an assessment and its interview, status pushbacks. */
export class Migration20261204164900_assessments extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "ashby_integration" add column "assessment_key_sealed" text null, add column "assessment_key_hash" text null;`);
    this.addSql(`alter table "ashby_integration" add constraint "ashby_integration_assessment_key_hash_unique" unique ("assessment_key_hash");`);

    this.addSql(`create table "ashby_assessment" ("id" uuid not null, "org_id" uuid not null, "interview_id" uuid not null, "assessment_type_id" uuid not null, "status_pushed" text check ("status_pushed" in ('invited', 'started', 'cancelled')) not null default 'invited', "cancelled_at" timestamptz null, "cancelled_reason" text null, "created_at" timestamptz not null, constraint "ashby_assessment_pkey" primary key ("id"));`);
    this.addSql(`alter table "ashby_assessment" add constraint "ashby_assessment_interview_id_unique" unique ("interview_id");`);
    this.addSql(`alter table "ashby_assessment" add constraint "ashby_assessment_org_id_foreign" foreign key ("org_id") references "org" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "ashby_assessment" add constraint "ashby_assessment_interview_id_foreign" foreign key ("interview_id") references "interview" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "pushback" alter column "evaluation_id" drop not null;`);
    this.addSql(`alter table "pushback" drop constraint "pushback_kind_check";`);
    this.addSql(`alter table "pushback" add constraint "pushback_kind_check" check ("kind" in ('ashby_note', 'assessment_result', 'assessment_status'));`);
  }

  override async down(): Promise<void> {
    this.addSql(`delete from "pushback" where "kind" = 'assessment_status';`);
    this.addSql(`alter table "pushback" drop constraint "pushback_kind_check";`);
    this.addSql(`alter table "pushback" add constraint "pushback_kind_check" check ("kind" in ('ashby_note', 'assessment_result'));`);
    this.addSql(`alter table "pushback" alter column "evaluation_id" set not null;`);

    this.addSql(`drop table if exists "ashby_assessment" cascade;`);

    this.addSql(`alter table "ashby_integration" drop constraint "ashby_integration_assessment_key_hash_unique";`);
    this.addSql(`alter table "ashby_integration" drop column "assessment_key_sealed", drop column "assessment_key_hash";`);
  }
}
