import { describe, expect, test } from 'vitest';
import { SecretBox, hashToken, safeEqual } from './secrets.js';

const KEY = 'a-test-key-that-is-at-least-32-characters-long';

describe('SecretBox', () => {
  test('round-trips a secret and never stores it in the clear', () => {
    const box = new SecretBox(KEY);
    const sealed = box.encrypt('ashby-key-123');
    expect(sealed).not.toContain('ashby-key-123');
    expect(sealed.startsWith('v1:')).toBe(true);
    expect(box.decrypt(sealed)).toBe('ashby-key-123');
    expect(box.encrypt('ashby-key-123')).not.toBe(sealed); // fresh IV each time
  });

  test('refuses a tampered value and a different key', () => {
    const sealed = new SecretBox(KEY).encrypt('secret');
    const [v, iv, tag, data] = sealed.split(':');
    const flipped = Buffer.from(data!, 'base64');
    flipped[0] = flipped[0]! ^ 1;
    expect(() => new SecretBox(KEY).decrypt([v, iv, tag, flipped.toString('base64')].join(':'))).toThrow();
    expect(() => new SecretBox(`${KEY}-other`).decrypt(sealed)).toThrow();
  });

  test('rejects a short key with a message that says what to do', () => {
    expect(() => new SecretBox('short')).toThrow('SECRET_KEY must be at least 32 characters long');
  });

  test('derives stable, distinct 43-character tokens', () => {
    const box = new SecretBox(KEY);
    const a = box.deriveToken('interview-link', 'id-1', '1');
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(box.deriveToken('interview-link', 'id-1', '1')).toBe(a);
    expect(box.deriveToken('interview-link', 'id-1', '2')).not.toBe(a);
    expect(new SecretBox(`${KEY}-other`).deriveToken('interview-link', 'id-1', '1')).not.toBe(a);
  });

  test('hashToken and safeEqual', () => {
    expect(hashToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(safeEqual('abc', 'abc')).toBe(true);
    expect(safeEqual('abc', 'abd')).toBe(false);
    expect(safeEqual('abc', 'abcd')).toBe(false);
  });
});
