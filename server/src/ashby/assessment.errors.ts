import { DomainError } from '../platform/errors.js';
import { AshbyError } from './ashby.client.js';

const SETTINGS = 'Settings → Integrations → Ashby';

/**
 * Refusals of Ashby's calls to the assessment partner API. Ashby shows a 422's message to the
 * person who started the assessment, so those are written for a recruiter in Ashby.
 */
export const AssessmentErrors = {
  noCredentials: () =>
    new DomainError('UNAUTHENTICATED', "Prelim needs its partner key: send it as HTTP Basic auth (the key as user name, empty password) or as 'Authorization: Bearer <key>'."),
  unknownKey: () =>
    new DomainError('UNAUTHENTICATED', `Prelim does not recognise this partner key. Copy the current key from Prelim (ashbyIntegration { assessmentApiKey } in its GraphQL API, as an owner or admin) into Ashby's assessment integration; regenerating the key in Prelim replaces the old one.`),
  badBody: (endpoint: string, problems: string) => new DomainError('BAD_USER_INPUT', `The body is not a valid ${endpoint} request: ${problems}.`),
  badJson: () => new DomainError('BAD_USER_INPUT', 'The body is not valid JSON.'),
  unknownType: (typeId: string, offered: string[]) =>
    new DomainError('UNPROCESSABLE', `Prelim does not offer the assessment type ${typeId}. Choose one Prelim offers (${offered.join(', ')}) in the interview plan.`),
  noEmail: () => new DomainError('UNPROCESSABLE', 'This candidate has no email address, so the interview link cannot be sent. Add an email address in Ashby and start the assessment again.'),
  cancelled: () =>
    new DomainError('UNPROCESSABLE', "Prelim's interview for this application was cancelled. Prelim runs one interview per application, so it cannot start another one for it."),
  expired: () =>
    new DomainError('UNPROCESSABLE', `The candidate's interview link for this application expired before they started. A recruiter can send the invitation again from the interview's page in Prelim.`),
  otherType: (name: string) =>
    new DomainError('CONFLICT', `This application is already being assessed by Prelim with a different assessment type (${name}). Cancel that assessment before starting another type.`),
  notFound: (assessmentId: string) => new DomainError('NOT_FOUND', `Prelim has no assessment ${assessmentId} for this organisation.`),
  fromAshby: (error: AshbyError): DomainError => {
    switch (error.failure) {
      case 'missing_key':
      case 'invalid_key':
        return new DomainError('UNPROCESSABLE', `Ashby rejected the API key Prelim uses to read this application. An admin can paste a valid key in Prelim (${SETTINGS}).`);
      case 'missing_permission':
        return new DomainError('UNPROCESSABLE', `${error.message} An admin can enable it on the key in Ashby (Admin → API Keys).`);
      case 'api_error':
        return new DomainError('UNPROCESSABLE', `Prelim could not read this application from Ashby (${error.opts.code ?? 'refused'}). Check that the API key connected in Prelim belongs to this Ashby account.`);
      default:
        return new DomainError('UPSTREAM_UNAVAILABLE', 'Prelim could not reach Ashby to read this application. Try starting the assessment again in a minute.');
    }
  },
};
