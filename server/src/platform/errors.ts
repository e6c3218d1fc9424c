/** The closed set of error codes. Each maps to one HTTP status; GraphQL uses the code as `extensions.code`. */
export const ERROR_STATUS = {
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  GONE: 410,
  UNPROCESSABLE: 422,
  RATE_LIMITED: 429,
  UPSTREAM_UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** An expected failure with a message written for the person who caused or can fix it. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = new.target.name;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export const Errors = {
  badInput: (message: string, fields?: Record<string, string>) =>
    new DomainError('BAD_USER_INPUT', message, fields ? { fields } : undefined),
  unauthenticated: (message = 'Sign in to continue.') => new DomainError('UNAUTHENTICATED', message),
  forbidden: (message = 'Your role does not allow this action.') => new DomainError('FORBIDDEN', message),
  notFound: (what: string) => new DomainError('NOT_FOUND', `${what} was not found.`),
  conflict: (message: string) => new DomainError('CONFLICT', message),
  upstream: (message: string) => new DomainError('UPSTREAM_UNAVAILABLE', message),
};
