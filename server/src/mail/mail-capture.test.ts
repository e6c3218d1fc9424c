import nodemailer, { type Transporter } from 'nodemailer';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';

import { startMailCapture, type CapturedMail, type MailCapture } from './mail-capture.js';

let capture: MailCapture;
let transport: Transporter;

beforeEach(async () => {
  capture = await startMailCapture();
  transport = nodemailer.createTransport(capture.url);
});

afterEach(async () => {
  transport.close();
  await capture.close();
});

function sendMail(overrides: Partial<nodemailer.SendMailOptions> = {}) {
  return transport.sendMail({
    from: '"Acme Hiring" <hiring@acme.test>',
    to: 'sam.rivera@example.com',
    subject: 'Your screening interview for Backend Engineer',
    text: 'Hi Sam,\n\nStart here: https://prelim.test/i/abc123\n',
    html: '<p>Hi Sam,</p><p><a href="https://prelim.test/i/abc123">Start your interview</a></p>',
    ...overrides,
  });
}

describe('startMailCapture', () => {
  test('listens on 127.0.0.1 and offers a nodemailer transport URL', () => {
    expect(capture.url).toBe(`smtp://127.0.0.1:${capture.port}`);
    expect(capture.port).toBeGreaterThan(0);
  });

  test('captures a text and HTML mail sent through SMTP by nodemailer', async () => {
    const info = await sendMail();

    expect(info.accepted).toEqual(['sam.rivera@example.com']);
    expect(capture.messages).toEqual([
      {
        id: 1,
        from: 'hiring@acme.test',
        to: ['sam.rivera@example.com'],
        subject: 'Your screening interview for Backend Engineer',
        text: 'Hi Sam,\n\nStart here: https://prelim.test/i/abc123\n',
        html: '<p>Hi Sam,</p><p><a href="https://prelim.test/i/abc123">Start your interview</a></p>',
        receivedAt: expect.any(Date),
      },
    ]);
  });

  test('lists every envelope recipient, Bcc included, and leaves html null for text-only mail', async () => {
    await sendMail({ to: 'a@example.com', cc: 'b@example.com', bcc: 'c@example.com', html: undefined, text: 'Plain only' });

    expect(capture.messages[0]).toMatchObject({
      to: ['a@example.com', 'b@example.com', 'c@example.com'],
      text: 'Plain only',
      html: null,
    });
  });

  test('waitFor resolves with a mail that arrives later', async () => {
    const waiting = capture.waitFor((mail) => mail.to.includes('late@example.com'), 2_000);

    await sendMail({ to: 'early@example.com', subject: 'First' });
    await sendMail({ to: 'late@example.com', subject: 'Second' });

    expect(await waiting).toMatchObject({ id: 2, subject: 'Second' });
  });

  test('waitFor resolves at once with a mail already stored', async () => {
    await sendMail({ subject: 'Already here' });

    const mail = await capture.waitFor((m) => m.subject === 'Already here', 0);

    expect(mail.id).toBe(1);
  });

  test('waitFor rejects on timeout, listing what arrived', async () => {
    await sendMail({ subject: 'Invitation' });

    await expect(capture.waitFor((mail) => mail.subject === 'Reminder', 100)).rejects.toThrow(
      'No captured mail matched within 100 ms; 1 arrived: #1 to sam.rivera@example.com: "Invitation"',
    );
  });

  test('waitFor says when nothing arrived at all', async () => {
    await expect(capture.waitFor(() => true, 50)).rejects.toThrow('No captured mail matched within 50 ms; no mail arrived.');
  });

  test('onMessage notifies until unsubscribed', async () => {
    const seen: CapturedMail[] = [];
    const unsubscribe = capture.onMessage((mail) => seen.push(mail));

    await sendMail({ subject: 'One' });
    unsubscribe();
    await sendMail({ subject: 'Two' });

    expect(seen.map((mail) => mail.subject)).toEqual(['One']);
    expect(capture.messages.map((mail) => mail.subject)).toEqual(['One', 'Two']);
  });

  test('refuses a mail over 5 MB and does not keep it', async () => {
    // Short lines keep nodemailer on 7bit encoding; one long line would be slow to encode.
    const text = `${'x'.repeat(99)}\n`.repeat(53_000);
    const err = await sendMail({ text, html: undefined }).catch((e: unknown) => e);

    expect(err).toMatchObject({ responseCode: 552 });
    expect(capture.messages).toEqual([]);
  });

  test('keeps only the last 500 mails', async () => {
    const pooled = nodemailer.createTransport({ host: '127.0.0.1', port: capture.port, pool: true, maxConnections: 50, maxMessages: Infinity });
    try {
      await Promise.all(
        Array.from({ length: 503 }, (_, i) => pooled.sendMail({ from: 'a@acme.test', to: 'b@example.com', subject: `Mail ${i + 1}`, text: 'x' })),
      );
    } finally {
      pooled.close();
    }

    expect(capture.messages.length).toBe(500);
    expect(capture.messages[0]!.id).toBe(4);
    expect(capture.messages.at(-1)!.id).toBe(503);
  });
});
