import { Migration } from '@mikro-orm/migrations';

export class Migration20261204155540_initial extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "org" ("id" uuid not null, "name" text not null, "created_at" timestamptz not null, constraint "org_pkey" primary key ("id"));`);

    this.addSql(`create table "job" ("id" uuid not null, "org_id" uuid not null, "ashby_job_id" text null, "title" text not null, "description" text null, "description_body" text null, "questions_generated_by" text not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "job_pkey" primary key ("id"));`);
    this.addSql(`alter table "job" add constraint "job_org_id_ashby_job_id_unique" unique ("org_id", "ashby_job_id");`);

    this.addSql(`create table "candidate" ("id" uuid not null, "org_id" uuid not null, "ashby_candidate_id" text null, "name" text not null, "email" text null, "profile_url" text null, "created_at" timestamptz not null, constraint "candidate_pkey" primary key ("id"));`);
    this.addSql(`alter table "candidate" add constraint "candidate_org_id_ashby_candidate_id_unique" unique ("org_id", "ashby_candidate_id");`);

    this.addSql(`create table "interview" ("id" uuid not null, "org_id" uuid not null, "job_id" uuid not null, "candidate_id" uuid not null, "ashby_application_id" text null, "source" text check ("source" in ('stage_change', 'assessment', 'manual')) not null, "status" text check ("status" in ('invited', 'in_progress', 'completed', 'scored', 'expired', 'cancelled')) not null default 'invited', "link_token_hash" text not null, "link_version" int not null default 1, "expires_at" timestamptz not null, "last_seq" int not null default 0, "created_at" timestamptz not null, "updated_at" timestamptz not null, "started_at" timestamptz null, "completed_at" timestamptz null, "scored_at" timestamptz null, constraint "interview_pkey" primary key ("id"));`);
    this.addSql(`alter table "interview" add constraint "interview_link_token_hash_unique" unique ("link_token_hash");`);
    this.addSql(`create index "interview_org_id_created_at_index" on "interview" ("org_id", "created_at");`);
    this.addSql(`alter table "interview" add constraint "interview_org_id_ashby_application_id_unique" unique ("org_id", "ashby_application_id");`);

    this.addSql(`create table "evaluation" ("id" uuid not null, "interview_id" uuid not null, "overall_score" double precision not null, "recommendation" text check ("recommendation" in ('strong_yes', 'yes', 'no', 'strong_no')) not null, "summary" text not null, "model" text not null, "prompt_version" text not null, "settings" jsonb not null, "created_at" timestamptz not null, constraint "evaluation_pkey" primary key ("id"));`);
    this.addSql(`create index "evaluation_interview_id_created_at_index" on "evaluation" ("interview_id", "created_at");`);

    this.addSql(`create table "ashby_integration" ("id" uuid not null, "org_id" uuid not null, "status" text check ("status" in ('connected', 'disconnected')) not null, "api_key_sealed" text null, "api_key_last4" text null, "api_key_title" text null, "webhook_token" text not null, "signing_secret_sealed" text null, "trigger_stage" text null, "last_ping_at" timestamptz null, "last_delivery_at" timestamptz null, "connected_at" timestamptz not null, "disconnected_at" timestamptz null, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "ashby_integration_pkey" primary key ("id"));`);
    this.addSql(`alter table "ashby_integration" add constraint "ashby_integration_org_id_unique" unique ("org_id");`);
    this.addSql(`alter table "ashby_integration" add constraint "ashby_integration_webhook_token_unique" unique ("webhook_token");`);

    this.addSql(`create table "api_token" ("id" uuid not null, "org_id" uuid not null, "name" text not null, "token_hash" text not null, "created_at" timestamptz not null, "last_used_at" timestamptz null, "revoked_at" timestamptz null, constraint "api_token_pkey" primary key ("id"));`);
    this.addSql(`alter table "api_token" add constraint "api_token_token_hash_unique" unique ("token_hash");`);

    this.addSql(`create table "outbound_email" ("id" uuid not null, "interview_id" uuid not null, "kind" text not null, "dedupe_key" text not null, "status" text check ("status" in ('pending', 'sent', 'failed')) not null default 'pending', "attempts" int not null default 0, "last_error" text null, "provider_message_id" text null, "sent_at" timestamptz null, "created_at" timestamptz not null, constraint "outbound_email_pkey" primary key ("id"));`);
    this.addSql(`alter table "outbound_email" add constraint "outbound_email_dedupe_key_unique" unique ("dedupe_key");`);

    this.addSql(`create table "pushback" ("id" uuid not null, "interview_id" uuid not null, "evaluation_id" uuid not null, "kind" text check ("kind" in ('ashby_note', 'assessment_result')) not null, "status" text check ("status" in ('pending', 'posted', 'failed')) not null default 'pending', "attempts" int not null default 0, "last_error" text null, "ashby_ref" text null, "posted_at" timestamptz null, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "pushback_pkey" primary key ("id"));`);
    this.addSql(`alter table "pushback" add constraint "pushback_evaluation_id_kind_unique" unique ("evaluation_id", "kind");`);

    this.addSql(`create table "question" ("id" uuid not null, "job_id" uuid not null, "position" int not null, "text" text not null, "competency" text not null, "rubric" jsonb not null, "weight" int not null, constraint "question_pkey" primary key ("id"));`);
    this.addSql(`create index "question_job_id_position_index" on "question" ("job_id", "position");`);

    this.addSql(`create table "message" ("id" uuid not null, "interview_id" uuid not null, "seq" int not null, "role" text check ("role" in ('interviewer', 'candidate')) not null, "kind" text check ("kind" in ('question', 'follow_up', 'answer', 'closing')) not null, "text" text not null, "question_id" uuid null, "client_id" text null, "created_at" timestamptz not null, constraint "message_pkey" primary key ("id"));`);
    this.addSql(`alter table "message" add constraint "message_interview_id_client_id_unique" unique ("interview_id", "client_id");`);
    this.addSql(`alter table "message" add constraint "message_interview_id_seq_unique" unique ("interview_id", "seq");`);

    this.addSql(`create table "answer_score" ("id" uuid not null, "evaluation_id" uuid not null, "question_id" uuid null, "question_text" text not null, "score" smallint not null, "weight" smallint not null, "rationale" text not null, "evidence" jsonb not null, constraint "answer_score_pkey" primary key ("id"));`);

    this.addSql(`create table "task" ("id" uuid not null, "kind" text not null, "payload" jsonb not null, "key" text null, "status" text check ("status" in ('queued', 'running', 'done', 'failed')) not null default 'queued', "attempts" int not null default 0, "max_attempts" int not null default 8, "run_at" timestamptz not null, "locked_until" timestamptz null, "last_error" text null, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "task_pkey" primary key ("id"));`);
    this.addSql(`alter table "task" add constraint "task_key_unique" unique ("key");`);
    this.addSql(`create index "task_status_run_at_index" on "task" ("status", "run_at");`);

    this.addSql(`create table "app_user" ("id" uuid not null, "email" text not null, "name" text not null, "password_hash" text null, "created_at" timestamptz not null, constraint "app_user_pkey" primary key ("id"));`);
    this.addSql(`alter table "app_user" add constraint "app_user_email_unique" unique ("email");`);

    this.addSql(`create table "session" ("id" uuid not null, "token_hash" text not null, "user_id" uuid not null, "org_id" uuid not null, "expires_at" timestamptz not null, "created_at" timestamptz not null, "last_seen_at" timestamptz not null, constraint "session_pkey" primary key ("id"));`);
    this.addSql(`alter table "session" add constraint "session_token_hash_unique" unique ("token_hash");`);

    this.addSql(`create table "membership" ("id" uuid not null, "org_id" uuid not null, "user_id" uuid not null, "role" text check ("role" in ('owner', 'admin', 'recruiter', 'viewer')) not null, "created_at" timestamptz not null, constraint "membership_pkey" primary key ("id"));`);
    this.addSql(`alter table "membership" add constraint "membership_org_id_user_id_unique" unique ("org_id", "user_id");`);

    this.addSql(`create table "webhook_delivery" ("id" uuid not null, "integration_id" uuid not null, "received_at" timestamptz not null, "action" text null, "webhook_action_id" text null, "outcome" text check ("outcome" in ('ping', 'accepted', 'ignored_stage', 'ignored_action', 'duplicate', 'invalid_signature', 'invalid_payload', 'disconnected')) not null, "reason" text not null, "http_status" smallint not null, "stage_seen" text null, "application_id" text null, "processing_result" text check ("processing_result" in ('interview_created', 'interview_exists', 'skipped', 'failed')) null, "processing_reason" text null, "processed_at" timestamptz null, "payload" jsonb null, constraint "webhook_delivery_pkey" primary key ("id"));`);
    this.addSql(`create index "webhook_delivery_integration_id_received_at_index" on "webhook_delivery" ("integration_id", "received_at");`);

    this.addSql(`create table "webhook_event_key" ("id" uuid not null, "integration_id" uuid not null, "key" text not null, "delivery_id" uuid not null, constraint "webhook_event_key_pkey" primary key ("id"));`);
    this.addSql(`alter table "webhook_event_key" add constraint "webhook_event_key_integration_id_key_unique" unique ("integration_id", "key");`);

    this.addSql(`alter table "job" add constraint "job_org_id_foreign" foreign key ("org_id") references "org" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "candidate" add constraint "candidate_org_id_foreign" foreign key ("org_id") references "org" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "interview" add constraint "interview_org_id_foreign" foreign key ("org_id") references "org" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "interview" add constraint "interview_job_id_foreign" foreign key ("job_id") references "job" ("id") on update cascade;`);
    this.addSql(`alter table "interview" add constraint "interview_candidate_id_foreign" foreign key ("candidate_id") references "candidate" ("id") on update cascade;`);

    this.addSql(`alter table "evaluation" add constraint "evaluation_interview_id_foreign" foreign key ("interview_id") references "interview" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "ashby_integration" add constraint "ashby_integration_org_id_foreign" foreign key ("org_id") references "org" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "api_token" add constraint "api_token_org_id_foreign" foreign key ("org_id") references "org" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "outbound_email" add constraint "outbound_email_interview_id_foreign" foreign key ("interview_id") references "interview" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "pushback" add constraint "pushback_interview_id_foreign" foreign key ("interview_id") references "interview" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "pushback" add constraint "pushback_evaluation_id_foreign" foreign key ("evaluation_id") references "evaluation" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "question" add constraint "question_job_id_foreign" foreign key ("job_id") references "job" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "message" add constraint "message_interview_id_foreign" foreign key ("interview_id") references "interview" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "message" add constraint "message_question_id_foreign" foreign key ("question_id") references "question" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "answer_score" add constraint "answer_score_evaluation_id_foreign" foreign key ("evaluation_id") references "evaluation" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "answer_score" add constraint "answer_score_question_id_foreign" foreign key ("question_id") references "question" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "session" add constraint "session_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "session" add constraint "session_org_id_foreign" foreign key ("org_id") references "org" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "membership" add constraint "membership_org_id_foreign" foreign key ("org_id") references "org" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "membership" add constraint "membership_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "webhook_delivery" add constraint "webhook_delivery_integration_id_foreign" foreign key ("integration_id") references "ashby_integration" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "webhook_event_key" add constraint "webhook_event_key_integration_id_foreign" foreign key ("integration_id") references "ashby_integration" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "webhook_event_key" add constraint "webhook_event_key_delivery_id_foreign" foreign key ("delivery_id") references "webhook_delivery" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "job" drop constraint "job_org_id_foreign";`);

    this.addSql(`alter table "candidate" drop constraint "candidate_org_id_foreign";`);

    this.addSql(`alter table "interview" drop constraint "interview_org_id_foreign";`);

    this.addSql(`alter table "ashby_integration" drop constraint "ashby_integration_org_id_foreign";`);

    this.addSql(`alter table "api_token" drop constraint "api_token_org_id_foreign";`);

    this.addSql(`alter table "session" drop constraint "session_org_id_foreign";`);

    this.addSql(`alter table "membership" drop constraint "membership_org_id_foreign";`);

    this.addSql(`alter table "interview" drop constraint "interview_job_id_foreign";`);

    this.addSql(`alter table "question" drop constraint "question_job_id_foreign";`);

    this.addSql(`alter table "interview" drop constraint "interview_candidate_id_foreign";`);

    this.addSql(`alter table "evaluation" drop constraint "evaluation_interview_id_foreign";`);

    this.addSql(`alter table "outbound_email" drop constraint "outbound_email_interview_id_foreign";`);

    this.addSql(`alter table "pushback" drop constraint "pushback_interview_id_foreign";`);

    this.addSql(`alter table "message" drop constraint "message_interview_id_foreign";`);

    this.addSql(`alter table "pushback" drop constraint "pushback_evaluation_id_foreign";`);

    this.addSql(`alter table "answer_score" drop constraint "answer_score_evaluation_id_foreign";`);

    this.addSql(`alter table "webhook_delivery" drop constraint "webhook_delivery_integration_id_foreign";`);

    this.addSql(`alter table "webhook_event_key" drop constraint "webhook_event_key_integration_id_foreign";`);

    this.addSql(`alter table "message" drop constraint "message_question_id_foreign";`);

    this.addSql(`alter table "answer_score" drop constraint "answer_score_question_id_foreign";`);

    this.addSql(`alter table "session" drop constraint "session_user_id_foreign";`);

    this.addSql(`alter table "membership" drop constraint "membership_user_id_foreign";`);

    this.addSql(`alter table "webhook_event_key" drop constraint "webhook_event_key_delivery_id_foreign";`);

    this.addSql(`drop table if exists "org" cascade;`);

    this.addSql(`drop table if exists "job" cascade;`);

    this.addSql(`drop table if exists "candidate" cascade;`);

    this.addSql(`drop table if exists "interview" cascade;`);

    this.addSql(`drop table if exists "evaluation" cascade;`);

    this.addSql(`drop table if exists "ashby_integration" cascade;`);

    this.addSql(`drop table if exists "api_token" cascade;`);

    this.addSql(`drop table if exists "outbound_email" cascade;`);

    this.addSql(`drop table if exists "pushback" cascade;`);

    this.addSql(`drop table if exists "question" cascade;`);

    this.addSql(`drop table if exists "message" cascade;`);

    this.addSql(`drop table if exists "answer_score" cascade;`);

    this.addSql(`drop table if exists "task" cascade;`);

    this.addSql(`drop table if exists "app_user" cascade;`);

    this.addSql(`drop table if exists "session" cascade;`);

    this.addSql(`drop table if exists "membership" cascade;`);

    this.addSql(`drop table if exists "webhook_delivery" cascade;`);

    this.addSql(`drop table if exists "webhook_event_key" cascade;`);
  }

}
