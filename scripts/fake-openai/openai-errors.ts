/** The body OpenAI sends with every non-2xx response. */
export interface OpenAIErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

/** An error the fake answers with an HTTP status and OpenAI's error body. */
export class OpenAIApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details: { type: string; param?: string; code?: string },
  ) {
    super(message);
    this.name = new.target.name;
  }

  toBody(): OpenAIErrorBody {
    const { type, param = null, code = null } = this.details;
    return { error: { message: this.message, type, param, code } };
  }
}

const INVALID_REQUEST = 'invalid_request_error';

function badRequest(message: string, details: { param?: string; code?: string } = {}) {
  return new OpenAIApiError(400, message, { type: INVALID_REQUEST, ...details });
}

/** Factories for every error the fake sends, worded like the real API's. */
export const ApiErrors = {
  invalidApiKey: () =>
    new OpenAIApiError(401, 'Missing or empty API key. Send it in an Authorization header as "Bearer <key>".', {
      type: INVALID_REQUEST,
      code: 'invalid_api_key',
    }),

  notFound: (method: string, path: string) =>
    new OpenAIApiError(404, `Invalid URL (${method} ${path})`, { type: INVALID_REQUEST }),

  bodyTooLarge: (limitBytes: number) =>
    new OpenAIApiError(413, `Request body exceeds ${limitBytes} bytes.`, { type: INVALID_REQUEST }),

  invalidJson: () =>
    badRequest('We could not parse the JSON body of your request. Send a JSON object with Content-Type: application/json.'),

  missingParam: (param: string) =>
    badRequest(`Missing required parameter: '${param}'.`, { param, code: 'missing_required_parameter' }),

  invalidType: (param: string, expected: string, value: unknown) =>
    badRequest(`Invalid type for '${param}': expected ${expected}, but got ${describeType(value)} instead.`, {
      param,
      code: 'invalid_type',
    }),

  invalidValue: (param: string, value: unknown, allowed: readonly string[]) =>
    badRequest(`Invalid value: '${String(value)}'. Supported values are: ${allowed.map((v) => `'${v}'`).join(', ')}.`, {
      param,
      code: 'invalid_value',
    }),

  emptyArray: (param: string) =>
    badRequest(`Invalid '${param}': empty array. Expected an array with minimum length 1, but got an empty array instead.`, {
      param,
      code: 'empty_array',
    }),

  streamOptionsWithoutStream: () =>
    badRequest("The 'stream_options' parameter is only allowed when 'stream' is enabled.", {
      param: 'stream_options',
      code: 'invalid_value',
    }),

  /** The default brain could not find the markers it needs; the message says which. */
  brainFailed: (message: string) =>
    badRequest(`fake-openai: ${message}`, { param: 'messages', code: 'fake_brain_failed' }),

  rateLimited: () =>
    new OpenAIApiError(429, 'Rate limit reached for requests on fake-model. Please try again later.', {
      type: 'requests',
      code: 'rate_limit_exceeded',
    }),

  serverError: (status: number, message = 'The server had an error while processing your request.') =>
    new OpenAIApiError(status, message, { type: 'server_error' }),
};

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}
