import { z } from 'zod';

/** Where the embedded database, generated key and other local state live when nothing is configured. */
const DEFAULT_DATA_DIR = '.data';

const optionalUrl = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .pipe(z.url().optional())
  .optional();

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  PUBLIC_URL: optionalUrl,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATA_DIR: z.string().default(DEFAULT_DATA_DIR),
  DATABASE_URL: optionalUrl,
  EMBEDDED_DB_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
  SECRET_KEY: z.string().optional(),
  SMTP_URL: optionalUrl,
  SMTP_CAPTURE_PORT: z.coerce.number().int().min(0).max(65535).default(2525),
  MAIL_FROM: z.string().default('Prelim <interviews@prelim.localhost>'),
  OPENAI_BASE_URL: optionalUrl,
  OPENAI_API_KEY: z.string().optional(),
  OPENAI_MODEL: z.string().default('gpt-4o-mini'),
  OPENAI_TIMEOUT_MS: z.coerce.number().int().min(1000).default(60_000),
  ASHBY_API_URL: z.url().default('https://api.ashbyhq.com'),
  INTERVIEW_LINK_DAYS: z.coerce.number().int().min(1).max(90).default(7),
  WORKERS: z.coerce.number().int().min(0).max(32).default(4),
});

export type Env = z.infer<typeof schema>;

/** Typed, frozen configuration. Only this module reads process.env. */
export interface Config {
  env: Env['NODE_ENV'];
  host: string;
  port: number;
  /** Base URL used in candidate links, webhook URLs and transcript links; defaults to the listen address. */
  publicUrl: string | undefined;
  logLevel: Env['LOG_LEVEL'];
  dataDir: string;
  databaseUrl: string | undefined;
  embeddedDbPort: number;
  secretKey: string | undefined;
  smtpUrl: string | undefined;
  smtpCapturePort: number;
  mailFrom: string;
  openai: { baseUrl: string; apiKey: string; model: string; timeoutMs: number } | undefined;
  ashbyApiUrl: string;
  interviewLinkDays: number;
  workers: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads and validates the environment once; reports every problem together. */
export function loadConfig(source: Record<string, string | undefined> = process.env): Config {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    // Messages name the variable and what was expected, never the value (it may be a secret).
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  return Object.freeze({
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    publicUrl: e.PUBLIC_URL?.replace(/\/+$/, ''),
    logLevel: e.LOG_LEVEL,
    dataDir: e.DATA_DIR,
    databaseUrl: e.DATABASE_URL,
    embeddedDbPort: e.EMBEDDED_DB_PORT,
    secretKey: e.SECRET_KEY,
    smtpUrl: e.SMTP_URL,
    smtpCapturePort: e.SMTP_CAPTURE_PORT,
    mailFrom: e.MAIL_FROM,
    openai: e.OPENAI_BASE_URL
      ? {
          baseUrl: e.OPENAI_BASE_URL,
          apiKey: e.OPENAI_API_KEY ?? 'not-needed',
          model: e.OPENAI_MODEL,
          timeoutMs: e.OPENAI_TIMEOUT_MS,
        }
      : undefined,
    ashbyApiUrl: e.ASHBY_API_URL.replace(/\/+$/, ''),
    interviewLinkDays: e.INTERVIEW_LINK_DAYS,
    workers: e.WORKERS,
  });
}
