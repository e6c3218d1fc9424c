import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from './logger.js';

const FORMAT = 'v1';

/**
 * Encrypts stored secrets (Ashby API keys, webhook signing secrets) with AES-256-GCM and derives
 * candidate link tokens. One key per deployment, from SECRET_KEY or a generated file.
 */
export class SecretBox {
  readonly #encKey: Buffer;
  readonly #macKey: Buffer;

  constructor(secretKey: string) {
    if (secretKey.length < 32) {
      throw new Error('SECRET_KEY must be at least 32 characters long (for example 64 hex characters from `openssl rand -hex 32`).');
    }
    this.#encKey = createHash('sha256').update(`prelim:enc:${secretKey}`).digest();
    this.#macKey = createHash('sha256').update(`prelim:mac:${secretKey}`).digest();
  }

  encrypt(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#encKey, iv);
    const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return [FORMAT, iv.toString('base64'), cipher.getAuthTag().toString('base64'), data.toString('base64')].join(':');
  }

  decrypt(sealed: string): string {
    const [format, iv, tag, data] = sealed.split(':');
    if (format !== FORMAT || !iv || !tag || data === undefined) {
      throw new Error('Stored secret has an unknown format');
    }
    const decipher = createDecipheriv('aes-256-gcm', this.#encKey, Buffer.from(iv, 'base64'));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64')), decipher.final()]).toString('utf8');
  }

  /** A keyed, deterministic token: the same inputs always give the same token, nobody without the key can forge one. */
  deriveToken(purpose: string, ...parts: string[]): string {
    return createHmac('sha256', this.#macKey).update([purpose, ...parts].join('\n')).digest('base64url');
  }
}

/** Reads SECRET_KEY, or creates a key file under the data directory on first start. */
export function resolveSecretKey(opts: { secretKey: string | undefined; dataDir: string; log: Logger }): string {
  if (opts.secretKey) return opts.secretKey;
  const file = join(opts.dataDir, 'secret-key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(opts.dataDir, { recursive: true });
  const key = randomBytes(32).toString('hex');
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  opts.log.warn({ file }, 'SECRET_KEY is not set: generated one; back this file up, stored secrets cannot be read without it');
  return key;
}

/** URL-safe random token with `bytes` bytes of entropy. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** One-way hash for looking up bearer tokens without storing them. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Constant-time comparison of two strings of possibly different length. */
export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}
