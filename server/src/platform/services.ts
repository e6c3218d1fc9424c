import type { Interviewer } from '../ai/interviewer.js';
import type { IntegrationService } from '../ashby/integration.service.js';
import type { PushbackService } from '../ashby/pushback.service.js';
import type { ConversationService } from '../interviews/conversation.service.js';
import type { InterviewService } from '../interviews/interview.service.js';
import type { QuestionService } from '../jobs/question.service.js';
import type { AuthService } from '../orgs/auth.service.js';
import type { TeamService } from '../orgs/team.service.js';
import type { Config } from './config.js';
import type { Orm } from './db.js';
import type { Logger } from './logger.js';
import type { PublicUrl } from './public-url.js';
import type { PgPubSub } from './pubsub.js';
import type { TaskQueue } from './queue.js';
import type { SecretBox } from './secrets.js';

/** Everything app.ts builds once and hands to routes, resolvers and workers. */
export interface Services {
  config: Config;
  log: Logger;
  orm: Orm;
  secrets: SecretBox;
  pubsub: PgPubSub;
  queue: TaskQueue;
  urls: PublicUrl;
  interviewer: Interviewer;
  auth: AuthService;
  team: TeamService;
  integrations: IntegrationService;
  interviews: InterviewService;
  questions: QuestionService;
  conversation: ConversationService;
  pushbacks: PushbackService;
}
