import { invalidInput, isJsonObject, type ErrorEnvelope, type JsonObject } from './envelope.js';

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Below this an epoch number is almost certainly seconds, not milliseconds (before 2001-09). */
const MIN_EPOCH_MS = 1e12;
const MAX_EPOCH_MS = 1e14;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID_PATTERN.test(value);
}

export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? typeof value;
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/**
 * Collects every problem with a request body, so one `invalid_input` error names all bad fields.
 * Nested checks share the parent's problem list and prefix field names with their path.
 */
export class InputCheck {
  constructor(
    readonly body: JsonObject,
    readonly path = '',
    readonly problems: string[] = [],
  ) {}

  nested(field: string): InputCheck | null {
    const value = this.body[field];
    if (isJsonObject(value)) return new InputCheck(value, this.name(field), this.problems);
    this.problems.push(`${this.name(field)}: expected an object; got ${describeValue(value)}`);
    return null;
  }

  element(field: string, index: number, value: unknown): InputCheck | null {
    const name = `${this.name(field)}[${index}]`;
    if (isJsonObject(value)) return new InputCheck(value, name, this.problems);
    this.problems.push(`${name}: expected an object; got ${describeValue(value)}`);
    return null;
  }

  has(field: string): boolean {
    return this.body[field] !== undefined && this.body[field] !== null;
  }

  /** `likelySlips` are wrong names callers tend to send instead; the message names the one sent. */
  requiredString(field: string, likelySlips: string[] = []): string {
    const value = this.body[field];
    if (typeof value === 'string' && value.trim() !== '') return value;
    const hint = this.#slipHint(field, likelySlips);
    this.problems.push(`${this.name(field)}: expected a non-empty string; got ${describeValue(value)}${hint}`);
    return '';
  }

  requiredUuid(field: string): string {
    const value = this.body[field];
    if (isUuid(value)) return value;
    this.problems.push(`${this.name(field)}: expected a UUID string; got ${describeValue(value)}`);
    return '';
  }

  optionalString(field: string): string | undefined {
    const value = this.body[field];
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string') return value;
    this.problems.push(`${this.name(field)}: expected a string; got ${describeValue(value)}`);
    return undefined;
  }

  optionalBoolean(field: string): boolean | undefined {
    const value = this.body[field];
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'boolean') return value;
    this.problems.push(`${this.name(field)}: expected true or false; got ${describeValue(value)}`);
    return undefined;
  }

  optionalIsoDate(field: string): string | undefined {
    const value = this.optionalString(field);
    if (value === undefined || !Number.isNaN(Date.parse(value))) return value;
    this.problems.push(`${this.name(field)}: expected an ISO 8601 date-time; got ${describeValue(value)}`);
    return undefined;
  }

  optionalChoices(field: string, allowed: readonly string[]): string[] {
    const value = this.body[field];
    if (value === undefined || value === null) return [];
    if (Array.isArray(value) && value.every((item) => allowed.includes(item))) return value;
    this.problems.push(`${this.name(field)}: expected an array of ${allowed.join(' | ')}; got ${describeValue(value)}`);
    return [];
  }

  optionalInteger(field: string, range: { min: number; max: number; fallback: number }): number {
    const value = this.body[field];
    if (value === undefined || value === null) return range.fallback;
    if (Number.isInteger(value) && Number(value) >= range.min && Number(value) <= range.max) {
      return Number(value);
    }
    this.problems.push(`${this.name(field)}: expected an integer from ${range.min} to ${range.max}; got ${describeValue(value)}`);
    return range.fallback;
  }

  timestampMs(field: string): number {
    const value = this.body[field];
    if (Number.isInteger(value) && Number(value) >= MIN_EPOCH_MS && Number(value) < MAX_EPOCH_MS) {
      return Number(value);
    }
    this.problems.push(`${this.name(field)}: expected integer milliseconds since the Unix epoch (e.g. 1741206857512); got ${describeValue(value)}`);
    return 0;
  }

  onlyFields(allowed: readonly string[], hint = ''): void {
    const unknown = Object.keys(this.body).filter((key) => !allowed.includes(key));
    if (unknown.length === 0) return;
    const where = this.path === '' ? 'request body' : this.path;
    const names = unknown.map((key) => `"${key}"`).join(', ');
    this.problems.push(`${where}: unknown field(s) ${names}; allowed: ${allowed.join(', ')}${hint}`);
  }

  #slipHint(field: string, likelySlips: string[]): string {
    if (this.body[field] !== undefined) return '';
    const slip = likelySlips.find((name) => this.body[name] !== undefined);
    return slip === undefined ? '' : ` (this endpoint takes "${field}", not "${slip}")`;
  }

  name(field: string): string {
    return this.path === '' ? field : `${this.path}.${field}`;
  }

  /** The `invalid_input` envelope when any problem was found, else null. */
  result(): ErrorEnvelope | null {
    return this.problems.length === 0 ? null : invalidInput(this.problems);
  }
}
