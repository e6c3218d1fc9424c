import { randomUUID } from 'node:crypto';

import { checkAddCompleted, checkAssessmentUpdate } from './assessment-checks.js';
import {
  API_KEY_CREATED_AT,
  API_KEY_TITLE,
  NOTE_AUTHOR,
  type AshbyStore,
  type NoteType,
  type RecordedNote,
} from './ashby-store.js';
import { fail, ok, type Envelope, type JsonObject } from './envelope.js';
import { describeValue, InputCheck } from './input-check.js';
import { listPage } from './pagination.js';

/** Every module permission an Ashby API key can hold. */
export const ALL_SCOPES: string[] = [
  'candidatesRead',
  'candidatesWrite',
  'jobsRead',
  'interviewsRead',
  'apiKeysRead',
  'apiKeysWrite',
  'hiringProcessMetadataRead',
];

/** Webhook types accepted by webhook.create (Ashby's OpenAPI enum). */
export const WEBHOOK_TYPES = [
  'applicationSubmit',
  'applicationUpdate',
  'candidateHire',
  'candidateStageChange',
  'candidateDelete',
  'candidateMerge',
  'interviewPlanTransition',
  'interviewScheduleCreate',
  'interviewScheduleUpdate',
  'jobCreate',
  'jobUpdate',
  'jobPostingUpdate',
  'jobPostingPublish',
  'jobPostingUnpublish',
  'offerCreate',
  'offerUpdate',
  'offerDelete',
  'openingCreate',
  'pushToHRIS',
  'signatureRequestUpdate',
  'surveySubmit',
];

const NOTE_TYPES: readonly NoteType[] = ['text/plain', 'text/html'];

export interface EndpointContext {
  store: AshbyStore;
  scopes: readonly string[];
}

export interface Endpoint {
  scope: string;
  /** List endpoints answer `results` with an array; used to shape the `wrong_shape` fault. */
  isList: boolean;
  handle(body: JsonObject, context: EndpointContext): Envelope;
}

/** The Ashby endpoints the fake serves, keyed by `<category>.<method>`, with their permission. */
export const ENDPOINTS: ReadonlyMap<string, Endpoint> = new Map<string, Endpoint>([
  ['apiKey.info', { scope: 'apiKeysRead', isList: false, handle: apiKeyInfo }],
  ['application.info', { scope: 'candidatesRead', isList: false, handle: applicationInfo }],
  ['candidate.info', { scope: 'candidatesRead', isList: false, handle: candidateInfo }],
  ['candidate.listNotes', { scope: 'candidatesRead', isList: true, handle: listNotes }],
  ['candidate.createNote', { scope: 'candidatesWrite', isList: false, handle: createNote }],
  ['assessment.update', { scope: 'candidatesWrite', isList: false, handle: updateAssessment }],
  [
    'assessment.addCompletedToCandidate',
    { scope: 'candidatesWrite', isList: false, handle: addCompleted },
  ],
  ['job.info', { scope: 'jobsRead', isList: false, handle: jobInfo }],
  ['jobPosting.info', { scope: 'jobsRead', isList: false, handle: jobPostingInfo }],
  ['jobPosting.list', { scope: 'jobsRead', isList: true, handle: jobPostingList }],
  ['jobInterviewPlan.info', { scope: 'jobsRead', isList: false, handle: jobInterviewPlanInfo }],
  ['interviewPlan.list', { scope: 'interviewsRead', isList: true, handle: interviewPlanList }],
  ['interviewStage.list', { scope: 'interviewsRead', isList: true, handle: interviewStageList }],
  ['interviewStage.info', { scope: 'interviewsRead', isList: false, handle: interviewStageInfo }],
  ['webhook.create', { scope: 'apiKeysWrite', isList: false, handle: createWebhook }],
]);

function apiKeyInfo(_body: JsonObject, { scopes }: EndpointContext): Envelope {
  return ok({ title: API_KEY_TITLE, createdAt: API_KEY_CREATED_AT, scopes: [...scopes] });
}

function applicationInfo(body: JsonObject, { store }: EndpointContext): Envelope {
  const check = new InputCheck(body);
  const applicationId = check.requiredString('applicationId', ['id', 'application_id']);
  check.optionalChoices('expand', ['openings', 'applicationFormSubmissions', 'referrals']);
  const invalid = check.result();
  if (invalid) return invalid;

  const application = store.applications.get(applicationId);
  if (!application) return fail('application_not_found', 'Application not found');
  return ok(structuredClone(application));
}

function candidateInfo(body: JsonObject, { store }: EndpointContext): Envelope {
  const check = new InputCheck(body);
  const id = check.requiredString('id', ['candidateId', 'candidate_id']);
  const invalid = check.result();
  if (invalid) return invalid;

  const candidate = store.candidates.get(id);
  if (!candidate) return fail('candidate_not_found', 'Candidate not found');
  return ok(structuredClone(candidate));
}

function jobInfo(body: JsonObject, { store }: EndpointContext): Envelope {
  const check = new InputCheck(body);
  const id = check.requiredString('id', ['jobId', 'job_id']);
  check.optionalBoolean('includeUnpublishedJobPostingsIds');
  check.optionalChoices('expand', ['location', 'openings']);
  const invalid = check.result();
  if (invalid) return invalid;

  const job = store.jobs.get(id);
  if (!job) return fail('job_not_found', 'Job not found');
  return ok(structuredClone(job));
}

function jobPostingInfo(body: JsonObject, { store }: EndpointContext): Envelope {
  const check = new InputCheck(body);
  const id = check.requiredString('jobPostingId', ['id', 'jobId']);
  check.optionalString('jobBoardId');
  check.optionalChoices('expand', ['job']);
  const invalid = check.result();
  if (invalid) return invalid;

  const posting = store.postings.get(id);
  if (!posting) return fail('job_posting_not_found', 'Job posting not found');
  return ok(structuredClone(posting));
}

function jobPostingList(body: JsonObject, { store }: EndpointContext): Envelope {
  const check = new InputCheck(body);
  const listedOnly = check.optionalBoolean('listedOnly') ?? false;
  for (const field of ['location', 'department', 'jobBoardId']) check.optionalString(field);
  const invalid = check.result();
  if (invalid) return invalid;

  const postings = store.postingSummaries.filter((posting) => !listedOnly || posting.isListed);
  return ok(structuredClone(postings));
}

function jobInterviewPlanInfo(body: JsonObject, { store }: EndpointContext): Envelope {
  const check = new InputCheck(body);
  const jobId = check.requiredString('jobId', ['id']);
  const invalid = check.result();
  if (invalid) return invalid;

  const plan = store.jobPlans.get(jobId);
  if (!plan) return fail('job_not_found', 'Job not found');
  return ok(structuredClone(plan));
}

function interviewPlanList(body: JsonObject, { store }: EndpointContext): Envelope {
  const check = new InputCheck(body);
  const includeArchived = check.optionalBoolean('includeArchived') ?? false;
  const invalid = check.result();
  if (invalid) return invalid;

  return listPage({
    endpoint: 'interviewPlan.list',
    body,
    collection: store.plans,
    select: (plans) => structuredClone(plans.filter((plan) => includeArchived || !plan.isArchived)),
  });
}

function interviewStageList(body: JsonObject, { store }: EndpointContext): Envelope {
  const check = new InputCheck(body);
  const planId = check.requiredString('interviewPlanId', ['id', 'planId']);
  const invalid = check.result();
  if (invalid) return invalid;

  const stages = store.stagesByPlan.get(planId);
  if (!stages) return fail('interview_plan_not_found', 'Interview plan not found');
  return { success: true, results: structuredClone(stages), moreDataAvailable: false };
}

function interviewStageInfo(body: JsonObject, { store }: EndpointContext): Envelope {
  const check = new InputCheck(body);
  const stageId = check.requiredString('interviewStageId', ['id']);
  const invalid = check.result();
  if (invalid) return invalid;

  const stage = [...store.stagesByPlan.values()].flat().find((known) => known.id === stageId);
  if (!stage) return fail('interview_stage_not_found', 'Interview stage not found');
  return ok(structuredClone(stage));
}

function createNote(body: JsonObject, { store }: EndpointContext): Envelope {
  const check = new InputCheck(body);
  const candidateId = check.requiredString('candidateId', ['id', 'candidate_id']);
  const note = readNote(check);
  const sendNotifications = check.optionalBoolean('sendNotifications') ?? false;
  const isPrivate = check.optionalBoolean('isPrivate') ?? false;
  const createdAt = check.optionalIsoDate('createdAt');
  const invalid = check.result();
  if (invalid) return invalid;

  if (!store.candidates.has(candidateId)) return fail('candidate_not_found', 'Candidate not found');

  const recorded = store.createNote({
    candidateId,
    ...note,
    sendNotifications,
    isPrivate,
    createdAt: new Date(createdAt ?? Date.now()).toISOString(),
  });
  return ok(toNoteResult(recorded));
}

function listNotes(body: JsonObject, { store }: EndpointContext): Envelope {
  const check = new InputCheck(body);
  const candidateId = check.requiredString('candidateId', ['id', 'candidate_id']);
  const invalid = check.result();
  if (invalid) return invalid;
  if (!store.candidates.has(candidateId)) return fail('candidate_not_found', 'Candidate not found');

  return listPage({
    endpoint: 'candidate.listNotes',
    body,
    collection: store.notes,
    select: (notes) =>
      notes
        .filter((note) => note.candidateId === candidateId)
        .reverse()
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
        .map(toNoteResult),
  });
}

function updateAssessment(body: JsonObject, { store }: EndpointContext): Envelope {
  const invalid = checkAssessmentUpdate(body).result();
  if (invalid) return invalid;

  store.assessmentUpdates.push(structuredClone(body));
  return { success: true };
}

function addCompleted(body: JsonObject, { store }: EndpointContext): Envelope {
  const invalid = checkAddCompleted(body).result();
  if (invalid) return invalid;

  const candidate = store.candidates.get(String(body.candidateId));
  if (!candidate) return fail('candidate_not_found', 'Candidate not found');

  store.completedAssessments.push(structuredClone(body));
  const assessment = structuredClone(body.assessment) as JsonObject;
  return ok({
    applicationId: candidate.applicationIds[0],
    assessmentId: assessment.assessmentId,
    assessmentName: assessment.assessmentName,
    assessmentTypeId: assessment.assessmentTypeId,
    candidateId: candidate.id,
    result: assessment.result,
    metadata: assessment.metadata ?? [],
  });
}

function createWebhook(body: JsonObject, { store }: EndpointContext): Envelope {
  const check = new InputCheck(body);
  const webhookType = check.requiredString('webhookType');
  if (webhookType !== '' && !WEBHOOK_TYPES.includes(webhookType)) {
    check.problems.push(`webhookType: expected one of ${WEBHOOK_TYPES.join(', ')}; got ${describeValue(webhookType)}`);
  }
  const requestUrl = check.requiredString('requestUrl');
  if (requestUrl !== '' && !/^https?:\/\//i.test(requestUrl)) {
    check.problems.push(`requestUrl: expected an http(s) URL; got ${describeValue(requestUrl)}`);
  }
  const secretToken = check.requiredString('secretToken');
  const invalid = check.result();
  if (invalid) return invalid;

  store.webhooksCreated.push(structuredClone(body));
  return ok({ id: randomUUID(), enabled: true, requestUrl, secretToken, webhookType });
}

/** Like InputCheck's readers: a bad note is recorded as a problem and read as an empty one. */
function readNote(check: InputCheck): { type: NoteType; value: string } {
  const note = check.body.note;
  if (typeof note === 'string' && note.trim() !== '') return { type: 'text/plain', value: note };

  if (typeof note === 'object' && note !== null && !Array.isArray(note)) {
    const { type, value } = note as JsonObject;
    const noteType = NOTE_TYPES.find((known) => known === type);
    const hasText = typeof value === 'string' && value.trim() !== '';
    if (noteType && hasText) return { type: noteType, value };
  }

  check.problems.push(`note: expected a non-empty string or { "type": "text/plain" | "text/html", "value": string }; got ${describeValue(note)}`);
  return { type: 'text/plain', value: '' };
}

function toNoteResult(note: RecordedNote): JsonObject {
  return {
    id: note.id,
    createdAt: note.createdAt,
    isPrivate: note.isPrivate,
    content: note.content,
    author: structuredClone(NOTE_AUTHOR),
  };
}
