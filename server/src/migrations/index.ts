import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261204155540_initial } from './Migration20261204155540_initial.js';
import { Migration20261204160000_realtime } from './Migration20261204160000_realtime.js';
import { Migration20261204163500_question_snapshot } from './Migration20261204163500_question_snapshot.js';
import { Migration20261204163833_accounts } from './Migration20261204163833_accounts.js';
import { Migration20261204164544_conversation } from './Migration20261204164544_conversation.js';
import { Migration20261204164900_assessments } from './Migration20261204164900_assessments.js';

/** Applied in order. Listed explicitly so the migrator needs no file globbing at run time. */
export const MIGRATIONS: MigrationObject[] = [
  { name: 'Migration20261204155540_initial', class: Migration20261204155540_initial },
  { name: 'Migration20261204160000_realtime', class: Migration20261204160000_realtime },
  { name: 'Migration20261204163500_question_snapshot', class: Migration20261204163500_question_snapshot },
  { name: 'Migration20261204163833_accounts', class: Migration20261204163833_accounts },
  { name: 'Migration20261204164544_conversation', class: Migration20261204164544_conversation },
  { name: 'Migration20261204164900_assessments', class: Migration20261204164900_assessments },
];
