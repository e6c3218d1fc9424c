import { describe, expect, test } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  test('an empty environment gives the fresh-machine defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ host: '127.0.0.1', port: 3000, databaseUrl: undefined, smtpUrl: undefined, openai: undefined, ashbyApiUrl: 'https://api.ashbyhq.com', interviewLinkDays: 7, dataDir: '.data' });
    expect(Object.isFrozen(config)).toBe(true);
  });

  test('reports every bad variable at once, by name, without echoing values', () => {
    let caught: unknown;
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'not a url', LOG_LEVEL: 'loud', OPENAI_API_KEY: 'sk-secret-value' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const problems = (caught as ConfigError).problems.map((p) => p.split(':')[0]);
    expect(problems.sort()).toEqual(['DATABASE_URL', 'LOG_LEVEL', 'PORT']);
    expect((caught as ConfigError).message).not.toContain('eighty');
    expect((caught as ConfigError).message).not.toContain('sk-secret-value');
  });

  test('OPENAI_BASE_URL switches to the OpenAI-compatible interviewer; an empty one does not', () => {
    expect(loadConfig({ OPENAI_BASE_URL: 'http://127.0.0.1:4020/v1', OPENAI_MODEL: 'm' }).openai).toEqual({ baseUrl: 'http://127.0.0.1:4020/v1', apiKey: 'not-needed', model: 'm', timeoutMs: 60_000 });
    expect(loadConfig({ OPENAI_BASE_URL: '' }).openai).toBeUndefined();
  });
});
