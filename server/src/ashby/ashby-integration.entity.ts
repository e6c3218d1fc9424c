import { randomUUID } from 'node:crypto';
import { Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Org } from '../orgs/org.entity.js';

export enum IntegrationStatus {
  CONNECTED = 'connected',
  DISCONNECTED = 'disconnected',
}
registerEnumType(IntegrationStatus, { name: 'IntegrationStatus' });

/** One organisation's link to its Ashby account. Secrets are stored encrypted (see SecretBox). */
@ObjectType()
@Entity({ tableName: 'ashby_integration' })
export class AshbyIntegration {
  [OptionalProps]?: 'createdAt' | 'updatedAt' | 'triggerStage' | 'lastPingAt' | 'lastDeliveryAt' | 'disconnectedAt' | 'assessmentKeySealed' | 'assessmentKeyHash';

  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Org, { deleteRule: 'cascade', unique: true })
  org!: Org;

  @Field(() => IntegrationStatus)
  @Enum({ items: () => IntegrationStatus })
  status!: IntegrationStatus;

  /** AES-GCM sealed API key; null once disconnected. */
  @Property({ type: 'text', nullable: true, hidden: true })
  apiKeySealed!: string | null;

  @Field(() => String, { nullable: true, description: 'Last four characters of the API key, to tell keys apart.' })
  @Property({ type: 'text', nullable: true })
  apiKeyLast4!: string | null;

  @Field(() => String, { nullable: true, description: "The Ashby key's title, as Ashby reported it when the key was checked." })
  @Property({ type: 'text', nullable: true })
  apiKeyTitle!: string | null;

  /** Random, URL-safe; the webhook URL is /webhooks/ashby/<webhookToken>. Kept across reconnects so the URL is stable. */
  @Property({ type: 'text', unique: true })
  webhookToken!: string;

  @Property({ type: 'text', nullable: true, hidden: true })
  signingSecretSealed!: string | null;

  /** AES-GCM sealed partner key that Ashby presents when it calls the assessment API; null once disconnected. */
  @Property({ type: 'text', nullable: true, hidden: true })
  assessmentKeySealed: string | null = null;

  /** sha256 of the partner key: finds the organisation from the key Ashby presents. */
  @Property({ type: 'text', nullable: true, unique: true, hidden: true })
  assessmentKeyHash: string | null = null;

  @Field(() => String, { nullable: true, description: 'Exact stage name (case and spaces included) that starts an interview.' })
  @Property({ type: 'text', nullable: true })
  triggerStage: string | null = null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'timestamptz', nullable: true })
  lastPingAt: Date | null = null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'timestamptz', nullable: true })
  lastDeliveryAt: Date | null = null;

  @Field(() => Date)
  @Property({ type: 'timestamptz' })
  connectedAt!: Date;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'timestamptz', nullable: true })
  disconnectedAt: Date | null = null;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}

export enum DeliveryOutcome {
  PING = 'ping',
  ACCEPTED = 'accepted',
  IGNORED_STAGE = 'ignored_stage',
  IGNORED_ACTION = 'ignored_action',
  DUPLICATE = 'duplicate',
  INVALID_SIGNATURE = 'invalid_signature',
  INVALID_PAYLOAD = 'invalid_payload',
  DISCONNECTED = 'disconnected',
}
registerEnumType(DeliveryOutcome, { name: 'DeliveryOutcome' });

export enum ProcessingResult {
  INTERVIEW_CREATED = 'interview_created',
  INTERVIEW_EXISTS = 'interview_exists',
  SKIPPED = 'skipped',
  FAILED = 'failed',
}
registerEnumType(ProcessingResult, { name: 'ProcessingResult' });

/** Every request that reached an organisation's webhook URL, with what we made of it: the troubleshooting log. */
@ObjectType()
@Entity({ tableName: 'webhook_delivery' })
@Index({ properties: ['integration', 'receivedAt'] })
export class WebhookDelivery {
  [OptionalProps]?: 'receivedAt' | 'processingResult' | 'processingReason' | 'processedAt';

  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => AshbyIntegration, { deleteRule: 'cascade' })
  integration!: AshbyIntegration;

  @Field(() => Date)
  @Property({ type: 'timestamptz' })
  receivedAt: Date = new Date();

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  action!: string | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  webhookActionId!: string | null;

  @Field(() => DeliveryOutcome)
  @Enum({ items: () => DeliveryOutcome })
  outcome!: DeliveryOutcome;

  @Field(() => String, { description: 'Plain-words reason for the outcome, written for the admin troubleshooting the integration.' })
  @Property({ type: 'text' })
  reason!: string;

  @Field(() => Number)
  @Property({ type: 'smallint' })
  httpStatus!: number;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  stageSeen!: string | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  applicationId!: string | null;

  @Field(() => ProcessingResult, { nullable: true })
  @Enum({ items: () => ProcessingResult, nullable: true })
  processingResult: ProcessingResult | null = null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  processingReason: string | null = null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'timestamptz', nullable: true })
  processedAt: Date | null = null;

  /** The verified body, kept until processed: it carries the application the worker acts on. */
  @Property({ type: 'jsonb', nullable: true, hidden: true, lazy: true })
  payload!: unknown;
}

/**
 * The deduplication key of an accepted delivery. A unique primary key decides races between
 * concurrent retries, not a read-then-insert.
 */
@Entity({ tableName: 'webhook_event_key' })
@Unique({ properties: ['integration', 'key'] })
export class WebhookEventKey {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => AshbyIntegration, { deleteRule: 'cascade' })
  integration!: AshbyIntegration;

  @Property({ type: 'text' })
  key!: string;

  @ManyToOne(() => WebhookDelivery, { deleteRule: 'cascade' })
  delivery!: WebhookDelivery;
}
