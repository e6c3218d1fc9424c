import { pino, type Logger, type LoggerOptions } from 'pino';

/**
 * Paths that may carry secrets or candidate data. Request serializers already drop headers and
 * bodies; redaction is the second line of defence for objects logged by hand.
 */
const REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["ashby-signature"]',
  'apiKey',
  'secret',
  'signingSecret',
  'token',
  'password',
  'email',
  'text',
  '*.apiKey',
  '*.token',
  '*.password',
  '*.email',
];

export function createLogger(level: LoggerOptions['level'] = 'info'): Logger {
  return pino({
    level,
    redact: { paths: REDACT, censor: '[redacted]' },
    serializers: {
      req: (req: { id?: string; method?: string; url?: string; routeOptions?: { url?: string } }) => ({
        id: req.id,
        method: req.method,
        // The route pattern, not the URL: webhook and candidate URLs embed tokens.
        route: req.routeOptions?.url ?? maskTokens(req.url ?? ''),
      }),
      res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
    },
  });
}

/** Hides the token segment of URLs that carry one (webhook URLs, candidate links). */
export function maskTokens(url: string): string {
  return url.replace(/\/(webhooks\/ashby|i|api\/interview-link)\/[^/?#]+/g, '/$1/:token');
}

export type { Logger };

/**
 * An error as it may be logged. Database errors carry the SQL and its parameters (candidate data,
 * sealed secrets) in their message, so only their class and SQLSTATE are kept.
 */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    if (/Exception$/.test(error.name) || (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code))) {
      return `${error.name}${typeof code === 'string' ? ` (${code})` : ''}`;
    }
    return `${error.name}: ${error.message}`;
  }
  return String(error);
}
