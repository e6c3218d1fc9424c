import type { AddressInfo } from 'node:net';

import { simpleParser, type ParsedMail, type StructuredHeader } from 'mailparser';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';

/** One message received by the capture. */
export interface CapturedMail {
  /** Starts at 1 and counts every message received, so ids stay unique after old ones are evicted. */
  id: number;
  /** Address of the From header (display name dropped), else the envelope sender. */
  from: string;
  /** Envelope recipients, so Cc and Bcc recipients are included. */
  to: string[];
  subject: string;
  text: string;
  html: string | null;
  receivedAt: Date;
}

export interface MailCaptureOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Defaults to 127.0.0.1. */
  host?: string;
}

/** A local SMTP server that keeps what it receives in memory instead of delivering it. */
export interface MailCapture {
  port: number;
  /** `smtp://<host>:<port>`, usable as a nodemailer transport URL. */
  url: string;
  /** The most recent messages, oldest first; at most {@link MAX_CAPTURED_MAILS}. */
  messages: CapturedMail[];
  /** The first stored message that matches, or the next one to arrive within the timeout. */
  waitFor(predicate: (mail: CapturedMail) => boolean, timeoutMs?: number): Promise<CapturedMail>;
  /** Calls the listener after each message is stored and acknowledged; returns an unsubscribe. */
  onMessage(listener: (mail: CapturedMail) => void): () => void;
  close(): Promise<void>;
}

export const MAX_CAPTURED_MAILS = 500;
export const MAX_MAIL_BYTES = 5 * 1024 * 1024;
const DEFAULT_WAIT_MS = 5_000;
/** smtp-server waits 30 s for open sessions on close by default; a capture need not. */
const CLOSE_TIMEOUT_MS = 1_000;
const LISTED_ON_TIMEOUT = 10;

/** Starts an SMTP capture without auth or TLS; see {@link MailCapture}. */
export async function startMailCapture(opts: MailCaptureOptions = {}): Promise<MailCapture> {
  const capture = new SmtpMailCapture();
  await capture.listen(opts.port ?? 0, opts.host ?? '127.0.0.1');
  return capture;
}

class SmtpMailCapture implements MailCapture {
  port = 0;
  url = '';
  readonly messages: CapturedMail[] = [];
  readonly #listeners = new Set<(mail: CapturedMail) => void>();
  readonly #server: SMTPServer;
  #receivedCount = 0;

  constructor() {
    this.#server = new SMTPServer({
      authOptional: true,
      // A transport URL that carries credentials should still work against the capture.
      allowInsecureAuth: true,
      onAuth: (auth, _session, callback) => callback(null, { user: auth.username ?? 'anonymous' }),
      disabledCommands: ['STARTTLS'],
      size: MAX_MAIL_BYTES,
      rejectOversized: true,
      disableReverseLookup: true,
      logger: false,
      closeTimeout: CLOSE_TIMEOUT_MS,
      onData: (stream, session, callback) => this.#receive(stream, session, callback),
    });
  }

  async listen(port: number, host: string): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(port, host, () => {
        this.#server.off('error', reject);
        resolve();
      });
    });
    // smtp-server re-emits client-side failures (resets, idle timeouts) as 'error'; without a
    // listener EventEmitter would throw them. A capture has nothing to do about them.
    this.#server.on('error', () => {});

    this.port = (this.#server.server.address() as AddressInfo).port;
    this.url = `smtp://${host.includes(':') ? `[${host}]` : host}:${this.port}`;
  }

  waitFor(predicate: (mail: CapturedMail) => boolean, timeoutMs = DEFAULT_WAIT_MS) {
    const stored = this.messages.find(predicate);
    if (stored) return Promise.resolve(stored);

    return new Promise<CapturedMail>((resolve, reject) => {
      const timer = setTimeout(() => {
        unsubscribe();
        const arrived = describeMails(this.messages);
        reject(new Error(`No captured mail matched within ${timeoutMs} ms; ${arrived}`));
      }, timeoutMs);
      const unsubscribe = this.onMessage((mail) => {
        if (!predicate(mail)) return;
        clearTimeout(timer);
        unsubscribe();
        resolve(mail);
      });
    });
  }

  onMessage(listener: (mail: CapturedMail) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }

  #receive(
    stream: SMTPServerDataStream,
    session: SMTPServerSession,
    callback: (err?: Error | null) => void,
  ): void {
    simpleParser(stream).then(
      (parsed) => {
        this.#receivedCount += 1;
        // rejectOversized already answers 552 to the sender; the message must not be kept either.
        if (stream.sizeExceeded) return callback();

        const mail = toCapturedMail(this.#receivedCount, parsed, session);
        this.messages.push(mail);
        const excess = this.messages.length - MAX_CAPTURED_MAILS;
        if (excess > 0) this.messages.splice(0, excess);
        callback();
        // A throwing listener is a bug in the caller; it surfaces as an unhandled rejection.
        for (const listener of [...this.#listeners]) listener(mail);
      },
      (err: Error) => callback(err),
    );
  }
}

function toCapturedMail(id: number, parsed: ParsedMail, session: SMTPServerSession): CapturedMail {
  const { mailFrom, rcptTo } = session.envelope;
  return {
    id,
    from: parsed.from?.value[0]?.address ?? (mailFrom ? mailFrom.address : ''),
    to: rcptTo.map((recipient) => recipient.address),
    subject: parsed.subject ?? '',
    text: readText(parsed),
    html: parsed.html || null,
    receivedAt: new Date(),
  };
}

/**
 * SMTP carries a body as lines, so a single-part text that did not end in a newline arrives
 * with one; drop it so the text reads as sent. In multipart mail the boundary absorbs it.
 */
function readText(parsed: ParsedMail): string {
  const text = parsed.text ?? '';
  // mailparser always parses Content-Type into a structured header.
  const contentType = parsed.headers.get('content-type') as StructuredHeader | undefined;
  const isMultipart = contentType?.value.toLowerCase().startsWith('multipart/') ?? false;
  return isMultipart ? text : text.replace(/\r?\n$/, '');
}

function describeMails(mails: CapturedMail[]): string {
  if (mails.length === 0) return 'no mail arrived.';
  const listed = mails
    .slice(-LISTED_ON_TIMEOUT)
    .map((mail) => `#${mail.id} to ${mail.to.join(', ')}: "${mail.subject}"`)
    .join('; ');
  const more = mails.length > LISTED_ON_TIMEOUT ? ` (last ${LISTED_ON_TIMEOUT} shown)` : '';
  return `${mails.length} arrived${more}: ${listed}`;
}
