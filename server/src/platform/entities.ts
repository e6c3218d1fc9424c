import { AshbyIntegration, WebhookDelivery, WebhookEventKey } from '../ashby/ashby-integration.entity.js';
import { AshbyAssessment } from '../ashby/assessment.entity.js';
import { Pushback } from '../ashby/pushback.entity.js';
import { Candidate, Interview, Message } from '../interviews/interview.entity.js';
import { ReplyDraft } from '../interviews/reply-draft.entity.js';
import { Job, Question } from '../jobs/job.entity.js';
import { OutboundEmail } from '../mail/outbound-email.entity.js';
import { ApiToken, Session, SignInAttempt } from '../orgs/auth.entity.js';
import { Invitation } from '../orgs/invitation.entity.js';
import { Membership, Org, User } from '../orgs/org.entity.js';
import { AnswerScore, Evaluation } from '../scoring/evaluation.entity.js';
import { Task } from './task.entity.js';

/** Every entity, listed explicitly (no globs: they break under bundlers and test runners). */
export const ENTITIES = [
  Org, User, Membership, Session, ApiToken, Invitation, SignInAttempt,
  AshbyIntegration, WebhookDelivery, WebhookEventKey, Pushback, AshbyAssessment,
  Job, Question, Candidate, Interview, Message, ReplyDraft,
  Evaluation, AnswerScore, OutboundEmail, Task,
];
