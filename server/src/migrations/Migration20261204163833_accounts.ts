import { Migration } from '@mikro-orm/migrations';

/** Team invitations, and failed sign-ins counted per email so throttling survives restarts and spans instances. */
export class Migration20261204163833_accounts extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "sign_in_attempt" ("id" uuid not null, "email" text not null, "attempted_at" timestamptz not null, constraint "sign_in_attempt_pkey" primary key ("id"));`);
    this.addSql(`create index "sign_in_attempt_attempted_at_index" on "sign_in_attempt" ("attempted_at");`);
    this.addSql(`create index "sign_in_attempt_email_attempted_at_index" on "sign_in_attempt" ("email", "attempted_at");`);

    this.addSql(`create table "invitation" ("id" uuid not null, "org_id" uuid not null, "email" text not null, "role" text check ("role" in ('owner', 'admin', 'recruiter', 'viewer')) not null, "token_hash" text not null, "invited_by_id" uuid null, "created_at" timestamptz not null, "expires_at" timestamptz not null, "accepted_at" timestamptz null, "revoked_at" timestamptz null, constraint "invitation_pkey" primary key ("id"));`);
    this.addSql(`alter table "invitation" add constraint "invitation_token_hash_unique" unique ("token_hash");`);
    this.addSql(`create index "invitation_org_id_email_index" on "invitation" ("org_id", "email");`);
    this.addSql(`alter table "invitation" add constraint "invitation_org_id_foreign" foreign key ("org_id") references "org" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "invitation" add constraint "invitation_invited_by_id_foreign" foreign key ("invited_by_id") references "app_user" ("id") on update cascade on delete set null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "invitation" cascade;`);
    this.addSql(`drop table if exists "sign_in_attempt" cascade;`);
  }
}
