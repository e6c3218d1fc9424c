import { ApiErrors } from './openai-errors.js';

export const CHAT_ROLES = ['system', 'developer', 'user', 'assistant', 'tool'] as const;
export type ChatRole = (typeof CHAT_ROLES)[number];

export interface ContentPart {
  type: string;
  text?: string;
  [field: string]: unknown;
}

export interface ChatMessage {
  role: ChatRole;
  /** null only on assistant messages that carry tool calls. */
  content: string | ContentPart[] | null;
  [field: string]: unknown;
}

/** A JSON Schema as sent in `response_format.json_schema.schema`. */
export type JsonSchema = { [keyword: string]: unknown };

export type ResponseFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  | {
      type: 'json_schema';
      json_schema: {
        name: string;
        schema?: JsonSchema;
        strict?: boolean | null;
        description?: string;
      };
    };

/** A `POST /v1/chat/completions` body as the fake receives it, after validation. */
export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  stream?: boolean | null;
  stream_options?: { include_usage?: boolean | null } | null;
  max_tokens?: number | null;
  max_completion_tokens?: number | null;
  response_format?: ResponseFormat | null;
  [field: string]: unknown;
}

const RESPONSE_FORMAT_TYPES = ['text', 'json_object', 'json_schema'] as const;

/** Checks the fields the fake relies on; throws the first problem as OpenAI would report it. */
export function validateChatRequest(body: unknown): ChatRequest {
  if (!isObject(body)) throw ApiErrors.invalidType('body', 'an object', body);

  if (body.model === undefined) throw ApiErrors.missingParam('model');
  if (typeof body.model !== 'string' || body.model === '') {
    throw ApiErrors.invalidType('model', 'a non-empty string', body.model);
  }

  if (body.messages === undefined) throw ApiErrors.missingParam('messages');
  if (!Array.isArray(body.messages)) {
    throw ApiErrors.invalidType('messages', 'an array', body.messages);
  }
  if (body.messages.length === 0) throw ApiErrors.emptyArray('messages');
  body.messages.forEach(validateMessage);

  validateOptions(body);
  return body as ChatRequest;
}

function validateMessage(message: unknown, index: number): void {
  const param = `messages[${index}]`;
  if (!isObject(message)) throw ApiErrors.invalidType(param, 'an object', message);

  if (message.role === undefined) throw ApiErrors.missingParam(`${param}.role`);
  if (!CHAT_ROLES.includes(message.role as ChatRole)) {
    throw ApiErrors.invalidValue(`${param}.role`, message.role, CHAT_ROLES);
  }

  const { content } = message;
  if (content === undefined || (content === null && message.role !== 'assistant')) {
    throw ApiErrors.missingParam(`${param}.content`);
  }
  if (content === null || typeof content === 'string') return;
  if (!Array.isArray(content)) {
    throw ApiErrors.invalidType(`${param}.content`, 'a string or an array of content parts', content);
  }
  content.forEach((part, partIndex) => {
    if (!isObject(part) || typeof part.type !== 'string') {
      throw ApiErrors.invalidType(`${param}.content[${partIndex}]`, 'an object with a string "type"', part);
    }
  });
}

function validateOptions(body: Record<string, unknown>): void {
  if (body.stream != null && typeof body.stream !== 'boolean') {
    throw ApiErrors.invalidType('stream', 'a boolean', body.stream);
  }
  if (body.stream_options != null && body.stream !== true) {
    throw ApiErrors.streamOptionsWithoutStream();
  }

  for (const param of ['max_tokens', 'max_completion_tokens']) {
    const value = body[param];
    if (value != null && !(Number.isInteger(value) && (value as number) >= 1)) {
      throw ApiErrors.invalidType(param, 'a positive integer', value);
    }
  }

  if (body.response_format != null) validateResponseFormat(body.response_format);
}

function validateResponseFormat(format: unknown): void {
  if (!isObject(format)) throw ApiErrors.invalidType('response_format', 'an object', format);
  if (!RESPONSE_FORMAT_TYPES.includes(format.type as (typeof RESPONSE_FORMAT_TYPES)[number])) {
    throw ApiErrors.invalidValue('response_format.type', format.type, RESPONSE_FORMAT_TYPES);
  }
  if (format.type !== 'json_schema') return;

  const jsonSchema = format.json_schema;
  if (!isObject(jsonSchema)) throw ApiErrors.missingParam('response_format.json_schema');
  if (typeof jsonSchema.name !== 'string' || !/^[\w-]{1,64}$/.test(jsonSchema.name)) {
    throw ApiErrors.invalidType('response_format.json_schema.name', 'a string of letters, digits, _ or - (at most 64)', jsonSchema.name);
  }
  if (jsonSchema.schema !== undefined && !isObject(jsonSchema.schema)) {
    throw ApiErrors.invalidType('response_format.json_schema.schema', 'an object', jsonSchema.schema);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
