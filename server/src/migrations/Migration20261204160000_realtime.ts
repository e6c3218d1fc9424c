import { Migration } from '@mikro-orm/migrations';

/** Storage that @socket.io/postgres-adapter uses for payloads too large for NOTIFY. */
export class Migration20261204160000_realtime extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table if not exists "socket_io_attachments" ("id" bigserial unique, "created_at" timestamptz default now(), "payload" bytea);`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "socket_io_attachments";`);
  }
}
