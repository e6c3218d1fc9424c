import { describe, expect, test } from 'vitest';
import { DomainError, ERROR_STATUS, Errors } from './errors.js';

describe('error catalogue', () => {
  test('every code maps to one HTTP status', () => {
    expect(ERROR_STATUS).toEqual({
      BAD_USER_INPUT: 400,
      UNAUTHENTICATED: 401,
      FORBIDDEN: 403,
      NOT_FOUND: 404,
      CONFLICT: 409,
      GONE: 410,
      UNPROCESSABLE: 422,
      RATE_LIMITED: 429,
      UPSTREAM_UNAVAILABLE: 503,
    });
  });

  test('factories carry their code, status, words and field details', () => {
    const error = Errors.badInput('The Ashby API key looks wrong.', { apiKey: 'expected a single token' });
    expect(error).toBeInstanceOf(DomainError);
    expect({ code: error.code, status: error.status, message: error.message, details: error.details }).toEqual({
      code: 'BAD_USER_INPUT',
      status: 400,
      message: 'The Ashby API key looks wrong.',
      details: { fields: { apiKey: 'expected a single token' } },
    });
    expect(Errors.notFound('The pushback').message).toBe('The pushback was not found.');
    expect(Errors.unauthenticated().status).toBe(401);
    expect(Errors.forbidden().status).toBe(403);
    expect(Errors.conflict('x').status).toBe(409);
    expect(Errors.upstream('x').status).toBe(503);
  });
});
