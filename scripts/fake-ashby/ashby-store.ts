import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';

import type { JsonObject } from './envelope.js';
import { stripDisallowedHtml } from './note-html.js';

export interface Stage {
  id: string;
  title: string;
  type: string;
  orderInInterviewPlan: number;
  interviewStageGroupId: string | null;
  interviewPlanId: string;
}

interface EmailAddress {
  value: string;
  type: string;
  isPrimary: boolean;
}

interface HistoryEntry {
  id: string;
  stageId: string;
  title: string;
  enteredStageAt: string;
  leftStageAt?: string | null;
  stageNumber: number;
  [key: string]: unknown;
}

export interface ApplicationRecord {
  id: string;
  updatedAt: string;
  status: string;
  candidate: {
    id: string;
    name: string;
    primaryEmailAddress?: EmailAddress | null;
    [key: string]: unknown;
  };
  currentInterviewStage: Stage;
  job: { id: string; title: string; [key: string]: unknown };
  archiveReason?: unknown;
  archivedAt?: string | null;
  applicationHistory: HistoryEntry[];
  [key: string]: unknown;
}

export interface CandidateRecord {
  id: string;
  name: string;
  primaryEmailAddress?: EmailAddress | null;
  applicationIds: string[];
  [key: string]: unknown;
}

export interface JobRecord {
  id: string;
  title: string;
  jobPostingIds: string[];
  defaultInterviewPlanId: string | null;
  hiringTeam: JsonObject[];
  [key: string]: unknown;
}

export interface PostingRecord {
  id: string;
  jobId: string;
  isListed: boolean;
  [key: string]: unknown;
}

export interface PlanRecord {
  id: string;
  title: string;
  isArchived: boolean;
  [key: string]: unknown;
}

interface JobPlanRecord {
  jobId: string;
  interviewPlanId: string;
  stages: JsonObject[];
}

export type NoteType = 'text/plain' | 'text/html';

/** A note as candidate.createNote received (`value`) and stored (`content`) it. */
export interface RecordedNote {
  id: string;
  candidateId: string;
  type: NoteType;
  value: string;
  content: string;
  sendNotifications: boolean;
  isPrivate: boolean;
  createdAt: string;
}

export type WebhookAction = 'candidateStageChange' | 'applicationUpdate';

const FIXTURES_DIR = new URL('./fixtures/', import.meta.url);

/** A fixture file from ./fixtures, parsed. */
export function readFixture<T>(fixture: string): T {
  return JSON.parse(readFileSync(new URL(fixture, FIXTURES_DIR), 'utf8')) as T;
}

function readResults<T>(fixture: string): T {
  return readFixture<{ results: T }>(fixture).results;
}

const SEED = {
  apiKey: readResults<{ title: string; createdAt: string }>('api-key-info.json'),
  application: readResults<ApplicationRecord>('application-info.json'),
  candidate: readResults<CandidateRecord>('candidate-info.json'),
  job: readResults<JobRecord>('job-info.json'),
  posting: readResults<PostingRecord>('job-posting-info.json'),
  postingSummaries: readResults<PostingRecord[]>('job-posting-list.json'),
  plans: readResults<PlanRecord[]>('interview-plan-list.json'),
  stages: readResults<Stage[]>('interview-stage-list.json'),
  jobPlan: readResults<JobPlanRecord>('job-interview-plan-info.json'),
  noteAuthor: readResults<{ author: JsonObject }>('create-note-response.json').author,
};

export const SEEDED_IDS = {
  applicationId: SEED.application.id,
  candidateId: SEED.candidate.id,
  jobId: SEED.job.id,
  jobPostingId: SEED.posting.id,
  interviewPlanId: SEED.jobPlan.interviewPlanId,
} as const;

export const API_KEY_TITLE = SEED.apiKey.title;
export const API_KEY_CREATED_AT = SEED.apiKey.createdAt;
export const NOTE_AUTHOR = SEED.noteAuthor;

const DEFAULT_CANDIDATE_NAME = 'Jordan Reyes';
const DEFAULT_STAGE_TITLE = 'Application Review';
const APP_URL = 'https://app.ashbyhq.com';
const JOB_BOARD_URL = 'https://jobs.ashbyhq.com/brightlane-example';

/**
 * Ashby's data as the fake serves it: seeded from the fixtures, grown by the test helpers and by
 * write endpoints. Collections are cleared in place on reset so references handed out stay live.
 */
export class AshbyStore {
  readonly applications = new Map<string, ApplicationRecord>();
  readonly candidates = new Map<string, CandidateRecord>();
  readonly jobs = new Map<string, JobRecord>();
  readonly postings = new Map<string, PostingRecord>();
  readonly postingSummaries: PostingRecord[] = [];
  readonly plans: PlanRecord[] = [];
  readonly stagesByPlan = new Map<string, Stage[]>();
  readonly jobPlans = new Map<string, JobPlanRecord>();
  readonly notes: RecordedNote[] = [];
  readonly assessmentUpdates: object[] = [];
  readonly completedAssessments: object[] = [];
  readonly webhooksCreated: object[] = [];

  constructor() {
    this.reset();
  }

  reset(): void {
    this.#clear();
    this.#seed();
  }

  #clear(): void {
    const maps = [
      this.applications,
      this.candidates,
      this.jobs,
      this.postings,
      this.stagesByPlan,
      this.jobPlans,
    ];
    for (const map of maps) map.clear();
    const lists = [
      this.postingSummaries,
      this.plans,
      this.notes,
      this.assessmentUpdates,
      this.completedAssessments,
      this.webhooksCreated,
    ];
    for (const list of lists) list.length = 0;
  }

  #seed(): void {
    const seed = structuredClone(SEED);
    this.applications.set(seed.application.id, seed.application);
    this.candidates.set(seed.candidate.id, seed.candidate);
    this.jobs.set(seed.job.id, seed.job);
    this.postings.set(seed.posting.id, seed.posting);
    this.postingSummaries.push(...seed.postingSummaries);
    this.plans.push(...seed.plans);
    for (const plan of seed.plans) {
      const stages = seed.stages.filter((stage) => stage.interviewPlanId === plan.id);
      this.stagesByPlan.set(plan.id, stages);
    }
    this.jobPlans.set(seed.job.id, seed.jobPlan);
  }

  addJob(input: { title: string; descriptionPlain?: string | null }): { jobId: string } {
    const now = new Date().toISOString();
    const jobId = randomUUID();
    const postingId = input.descriptionPlain === null ? null : randomUUID();
    const job: JobRecord = {
      ...structuredClone(SEED.job),
      id: jobId,
      title: input.title,
      jobPostingIds: postingId === null ? [] : [postingId],
      customRequisitionId: null,
      createdAt: now,
      updatedAt: now,
      openedAt: now,
    };
    this.jobs.set(jobId, job);
    this.jobPlans.set(jobId, { ...structuredClone(SEED.jobPlan), jobId });

    if (postingId !== null) {
      const descriptionPlain = input.descriptionPlain ?? placeholderDescription(input.title);
      this.#addPosting({ job, postingId, descriptionPlain, now });
    }
    return { jobId };
  }

  addCandidateApplication(input: {
    candidateName?: string;
    email?: string | null;
    jobId?: string;
    stageTitle?: string;
  }): { applicationId: string; candidateId: string } {
    const job = this.#findJob(input.jobId ?? SEED.job.id);
    const stageTitle = input.stageTitle ?? DEFAULT_STAGE_TITLE;
    const stage = this.#findStage(job.defaultInterviewPlanId, stageTitle);
    const name = input.candidateName ?? DEFAULT_CANDIDATE_NAME;
    const email = input.email === undefined ? emailFromName(name) : input.email;
    const now = new Date().toISOString();
    const candidateId = randomUUID();
    const applicationId = randomUUID();

    const candidate = newCandidate({ candidateId, applicationId, name, email, now });
    this.candidates.set(candidateId, candidate);
    const application = newApplication({ applicationId, candidate, job, stage, now });
    this.applications.set(applicationId, application);
    return { applicationId, candidateId };
  }

  /** Moves an application to a stage of its interview plan, as a recruiter would in Ashby. */
  setApplicationStage(applicationId: string, stageTitle: string): void {
    const application = this.#findApplication(applicationId);
    const stage = this.#findStage(application.currentInterviewStage.interviewPlanId, stageTitle);
    const now = new Date().toISOString();

    const history = application.applicationHistory;
    const current = history.at(-1);
    if (current) current.leftStageAt = now;
    history.push(historyEntry(stage, now, history.length));

    application.currentInterviewStage = structuredClone(stage);
    application.updatedAt = now;
    const isClosing = stage.type === 'Hired' || stage.type === 'Archived';
    application.status = isClosing ? stage.type : 'Active';
    application.archivedAt = stage.type === 'Archived' ? now : null;
  }

  /**
   * A webhook body carrying the application as application.info shows it, minus what webhooks
   * leave out: history, resume handle, and the archive fields while empty (as in the fixtures).
   */
  applicationWebhookBody(
    applicationId: string,
    action: WebhookAction,
    webhookActionId: string,
  ): JsonObject {
    const { applicationHistory, resumeFileHandle, archiveReason, archivedAt, ...application } =
      structuredClone(this.#findApplication(applicationId));
    const archive = archivedAt ? { archiveReason, archivedAt } : {};
    return { action, webhookActionId, data: { application: { ...application, ...archive } } };
  }

  createNote(input: Omit<RecordedNote, 'id' | 'content'>): RecordedNote {
    const content = input.type === 'text/html' ? stripDisallowedHtml(input.value) : input.value;
    const note: RecordedNote = { id: randomUUID(), ...input, content };
    this.notes.push(note);
    return note;
  }

  stageOfPlan(planId: string | null, title: string): Stage | undefined {
    return this.stagesByPlan.get(planId ?? '')?.find((stage) => stage.title === title);
  }

  #addPosting(input: {
    job: JobRecord;
    postingId: string;
    descriptionPlain: string;
    now: string;
  }): void {
    const { job, postingId, descriptionPlain, now } = input;
    const descriptionHtml = plainToHtml(descriptionPlain);
    const links = {
      externalLink: `${JOB_BOARD_URL}/${postingId}`,
      applyLink: `${JOB_BOARD_URL}/${postingId}/application`,
    };
    const seed = structuredClone(SEED.posting);
    const linkedData = seed.linkedData as JsonObject;

    this.postings.set(postingId, {
      ...seed,
      id: postingId,
      title: job.title,
      jobId: job.id,
      descriptionPlain,
      descriptionHtml,
      descriptionSocial: descriptionPlain.replace(/\s+/g, ' ').trim().slice(0, 200),
      descriptionParts: {
        descriptionOpening: null,
        descriptionBody: { html: descriptionHtml, plain: descriptionPlain },
        descriptionClosing: null,
      },
      linkedData: {
        ...linkedData,
        title: job.title,
        description: descriptionHtml,
        identifier: { '@type': 'PropertyValue', name: job.title, value: postingId },
      },
      ...links,
      updatedAt: now,
    });
    this.postingSummaries.push({
      ...structuredClone(SEED.postingSummaries[0]),
      id: postingId,
      title: job.title,
      jobId: job.id,
      ...links,
      updatedAt: now,
    });
  }

  #findApplication(applicationId: string): ApplicationRecord {
    const application = this.applications.get(applicationId);
    if (!application) throw new Error(`fake Ashby: no application with id ${applicationId}`);
    return application;
  }

  #findJob(jobId: string): JobRecord {
    const job = this.jobs.get(jobId);
    if (!job) throw new Error(`fake Ashby: no job with id ${jobId}; add one with addJob() first`);
    return job;
  }

  #findStage(planId: string | null, title: string): Stage {
    const stage = this.stageOfPlan(planId, title);
    if (stage) return stage;
    const titles = (this.stagesByPlan.get(planId ?? '') ?? []).map((known) => `"${known.title}"`);
    const known = titles.join(', ');
    throw new Error(`fake Ashby: no stage titled "${title}" in interview plan ${planId}; known stages: ${known}`);
  }
}

function newCandidate(input: {
  candidateId: string;
  applicationId: string;
  name: string;
  email: string | null;
  now: string;
}): CandidateRecord {
  const primary = emailAddress(input.email);
  return {
    id: input.candidateId,
    createdAt: input.now,
    updatedAt: input.now,
    name: input.name,
    primaryEmailAddress: primary,
    emailAddresses: primary === null ? [] : [primary],
    primaryPhoneNumber: null,
    phoneNumbers: [],
    socialLinks: [],
    tags: [],
    position: null,
    company: null,
    school: null,
    applicationIds: [input.applicationId],
    resumeFileHandle: null,
    fileHandles: [],
    customFields: [],
    profileUrl: `${APP_URL}/candidate-searches/new/right-side/candidates/${input.candidateId}`,
    source: null,
    creditedToUser: null,
    timezone: null,
    location: null,
    fraudStatus: null,
  };
}

function newApplication(input: {
  applicationId: string;
  candidate: CandidateRecord;
  job: JobRecord;
  stage: Stage;
  now: string;
}): ApplicationRecord {
  const { candidate, job, stage, now } = input;
  return {
    id: input.applicationId,
    createdAt: now,
    updatedAt: now,
    status: 'Active',
    customFields: [],
    candidate: {
      id: candidate.id,
      name: candidate.name,
      primaryEmailAddress: candidate.primaryEmailAddress ?? null,
      primaryPhoneNumber: null,
    },
    currentInterviewStage: structuredClone(stage),
    source: null,
    job: {
      id: job.id,
      title: job.title,
      locationId: job.locationId ?? null,
      departmentId: job.departmentId ?? null,
    },
    creditedToUser: null,
    hiringTeam: structuredClone(job.hiringTeam),
    appliedViaJobPostingId: job.jobPostingIds[0] ?? null,
    archiveReason: null,
    archivedAt: null,
    applicationHistory: [historyEntry(stage, now, 0)],
    resumeFileHandle: null,
  };
}

function emailAddress(email: string | null): EmailAddress | null {
  return email === null ? null : { value: email, type: 'Personal', isPrimary: true };
}

function placeholderDescription(title: string): string {
  return `${title}\n\nA role created by the fake Ashby.`;
}

function emailFromName(name: string): string {
  const local = name.toLowerCase().replace(/[^a-z0-9]+/g, '.').replace(/^\.+|\.+$/g, '');
  return `${local || 'candidate'}@example.com`;
}

function historyEntry(stage: Stage, enteredStageAt: string, stageNumber: number): HistoryEntry {
  return {
    id: randomUUID(),
    stageId: stage.id,
    title: stage.title,
    enteredStageAt,
    stageNumber,
    allowedActions: ['set_entered_at'],
    actorId: null,
  };
}

function plainToHtml(plain: string): string {
  return plain
    .split(/\n{2,}/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph !== '')
    .map((paragraph) => `<p style="min-height:1.5em">${escapeHtml(paragraph)}</p>`)
    .join('');
}

function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}
