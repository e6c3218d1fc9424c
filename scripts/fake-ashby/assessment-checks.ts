import type { JsonObject } from './envelope.js';
import { describeValue, InputCheck } from './input-check.js';

/** AssessmentData `type` values; snake_case, exactly these five (Ashby's OpenAPI text). */
export const ASSESSMENT_DATA_TYPES = [
  'numeric_score',
  'numeric_duration_minutes',
  'url',
  'string',
  'boolean_success',
] as const;

const ASSESSMENT_DATA_FIELDS = ['identifier', 'label', 'description', 'type', 'value'];

const UPDATE_FIELDS = [
  'assessment_id',
  'timestamp',
  'assessment_status',
  'assessment_profile_url',
  'assessment_result',
  'cancelled_reason',
  'metadata',
];
const UPDATE_HINT = ' (assessment.update is snake_case)';
const STATUS_HINT = ' (required unless cancelled_reason is sent)';
const PROFILE_URL_HINT = ' (required with assessment_result)';

const ADD_COMPLETED_FIELDS = ['candidateId', 'partnerId', 'timestamp', 'assessment'];
const ADD_COMPLETED_ASSESSMENT_FIELDS = [
  'assessmentTypeId',
  'assessmentId',
  'assessmentName',
  'result',
  'metadata',
];
const ADD_COMPLETED_HINT = ' (assessment.addCompletedToCandidate is camelCase)';

/** Checks an assessment.update body; returns the same checker so callers read its result. */
export function checkAssessmentUpdate(body: JsonObject): InputCheck {
  const check = new InputCheck(body);
  check.onlyFields(UPDATE_FIELDS, UPDATE_HINT);
  check.requiredUuid('assessment_id');
  check.timestampMs('timestamp');

  if (check.has('cancelled_reason')) {
    checkAssessmentData(check, 'cancelled_reason');
  } else {
    checkAssessmentData(check, 'assessment_status', { hint: STATUS_HINT });
  }

  if (check.has('assessment_result')) {
    checkAssessmentData(check, 'assessment_result');
    checkAssessmentData(check, 'assessment_profile_url', { hint: PROFILE_URL_HINT, type: 'url' });
  } else if (check.has('assessment_profile_url')) {
    checkAssessmentData(check, 'assessment_profile_url', { type: 'url' });
  }

  checkMetadata(check, 'metadata');
  return check;
}

/** Checks an assessment.addCompletedToCandidate body (camelCase, unlike assessment.update). */
export function checkAddCompleted(body: JsonObject): InputCheck {
  const check = new InputCheck(body);
  check.onlyFields(ADD_COMPLETED_FIELDS, ADD_COMPLETED_HINT);
  check.requiredUuid('candidateId');
  check.requiredUuid('partnerId');
  check.timestampMs('timestamp');

  const assessment = check.nested('assessment');
  if (assessment) {
    assessment.onlyFields(ADD_COMPLETED_ASSESSMENT_FIELDS, ADD_COMPLETED_HINT);
    assessment.requiredUuid('assessmentTypeId');
    assessment.requiredUuid('assessmentId');
    assessment.requiredString('assessmentName');
    checkAssessmentData(assessment, 'result');
    checkMetadata(assessment, 'metadata');
  }
  return check;
}

function checkMetadata(check: InputCheck, field: string): void {
  const metadata = check.body[field];
  if (metadata === undefined || metadata === null) return;
  if (!Array.isArray(metadata)) {
    check.problems.push(`${check.name(field)}: expected an array of AssessmentData; got ${describeValue(metadata)}`);
    return;
  }
  metadata.forEach((item, index) => {
    const data = check.element(field, index, item);
    if (data) checkDataFields(data);
  });
}

function checkAssessmentData(
  check: InputCheck,
  field: string,
  expected: { hint?: string; type?: string } = {},
): void {
  if (!check.has(field)) {
    check.problems.push(`${check.name(field)}: expected an AssessmentData object; got nothing${expected.hint ?? ''}`);
    return;
  }
  const data = check.nested(field);
  if (!data) return;

  checkDataFields(data);
  if (expected.type !== undefined && data.body.type !== expected.type) {
    data.problems.push(`${data.name('type')}: must be "${expected.type}" here; got ${describeValue(data.body.type)}`);
  }
}

function checkDataFields(data: InputCheck): void {
  data.onlyFields(ASSESSMENT_DATA_FIELDS);
  data.requiredString('identifier');
  data.requiredString('label');
  data.optionalString('description');

  const type = data.body.type;
  if (!ASSESSMENT_DATA_TYPES.some((known) => known === type)) {
    data.problems.push(`${data.name('type')}: expected one of ${ASSESSMENT_DATA_TYPES.join(', ')}; got ${describeValue(type)}`);
    return;
  }
  const value = data.body.value;
  if (!valueMatchesType(value, type)) {
    data.problems.push(`${data.name('value')}: does not fit type "${type}"; got ${describeValue(value)}`);
  }
}

function valueMatchesType(value: unknown, type: unknown): boolean {
  switch (type) {
    case 'numeric_score':
    case 'numeric_duration_minutes':
      return typeof value === 'number' && Number.isFinite(value);
    case 'url':
      return typeof value === 'string' && URL.canParse(value) && /^https?:/i.test(value);
    case 'string':
      return typeof value === 'string';
    case 'boolean_success':
      return typeof value === 'boolean';
    default:
      return false;
  }
}
