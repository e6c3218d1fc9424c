import type { JsonSchema } from './chat-request.js';

const MAX_DEPTH = 12;

/** Sample values that satisfy the common `format`s, including zod's patterns for them. */
const FORMAT_SAMPLES: Record<string, string> = {
  'date-time': '2024-01-01T09:00:00Z',
  date: '2024-01-01',
  time: '09:00:00',
  email: 'candidate@example.com',
  uri: 'https://example.com',
  url: 'https://example.com',
  uuid: '00000000-0000-4000-8000-000000000000',
};

/**
 * A small value that validates against `schema`: every required property, the first enum value,
 * numbers at their lower bound, `minItems` array items (at least one). `pattern` is not honoured
 * except through the formats above.
 */
export function sampleFromSchema(schema: JsonSchema, root: JsonSchema = schema, depth = 0): unknown {
  if (depth > MAX_DEPTH) return null;
  const next = (child: unknown) => sampleFromSchema(asSchema(child), root, depth + 1);

  if (typeof schema.$ref === 'string') return next(resolveRef(root, schema.$ref));
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum)) return schema.enum[0];

  const variants = schema.anyOf ?? schema.oneOf;
  if (Array.isArray(variants)) return next(variants.find((v) => asSchema(v).type !== 'null') ?? variants[0]);
  if (Array.isArray(schema.allOf)) return next(Object.assign({}, ...schema.allOf.map(asSchema)));

  switch (pickType(schema)) {
    case 'object':
      return sampleObject(schema, next);
    case 'array':
      return sampleArray(schema, next);
    case 'string':
      return sampleString(schema);
    case 'number':
    case 'integer':
      return sampleNumber(schema);
    case 'boolean':
      return false;
    default:
      return null;
  }
}

function pickType(schema: JsonSchema): string | undefined {
  const { type } = schema;
  if (typeof type === 'string') return type;
  if (Array.isArray(type)) return type.find((t) => t !== 'null') ?? 'null';
  if (schema.properties) return 'object';
  if (schema.items) return 'array';
  return undefined;
}

function sampleObject(schema: JsonSchema, next: (child: unknown) => unknown): object {
  const properties = asSchema(schema.properties);
  const required = Array.isArray(schema.required) ? (schema.required as string[]) : [];
  return Object.fromEntries(required.map((key) => [key, next(properties[key] ?? {})]));
}

function sampleArray(schema: JsonSchema, next: (child: unknown) => unknown): unknown[] {
  const minItems = typeof schema.minItems === 'number' ? schema.minItems : 1;
  const maxItems = typeof schema.maxItems === 'number' ? schema.maxItems : Infinity;
  const length = Math.min(Math.max(minItems, 1), maxItems);
  return Array.from({ length }, () => next(schema.items ?? {}));
}

function sampleString(schema: JsonSchema): string {
  const formatted = typeof schema.format === 'string' ? FORMAT_SAMPLES[schema.format] : undefined;
  if (formatted) return formatted;

  const minLength = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const maxLength = typeof schema.maxLength === 'number' ? schema.maxLength : Infinity;
  return 'sample'.padEnd(minLength, 'x').slice(0, maxLength);
}

function sampleNumber(schema: JsonSchema): number {
  const isInteger = schema.type === 'integer';
  const { minimum, exclusiveMinimum, maximum, exclusiveMaximum } = schema;

  let value = 0;
  if (typeof minimum === 'number') value = minimum;
  else if (typeof exclusiveMinimum === 'number') value = exclusiveMinimum + (isInteger ? 1 : 0.5);
  else if (typeof maximum === 'number' && maximum < 0) value = maximum;
  else if (typeof exclusiveMaximum === 'number' && exclusiveMaximum <= 0) value = exclusiveMaximum - 1;

  return isInteger ? Math.ceil(value) : value;
}

/** Resolves a local JSON pointer such as `#/$defs/Question`. */
function resolveRef(root: JsonSchema, ref: string): JsonSchema {
  if (!ref.startsWith('#')) return {};
  const segments = ref.slice(1).split('/').filter((s) => s !== '');
  let node: unknown = root;
  for (const segment of segments) {
    node = asSchema(node)[segment.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return asSchema(node);
}

function asSchema(value: unknown): JsonSchema {
  return typeof value === 'object' && value !== null ? (value as JsonSchema) : {};
}
