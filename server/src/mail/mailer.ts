import nodemailer, { type Transporter } from 'nodemailer';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** Sends mail over SMTP (a real server, or the built-in capture in development and tests). */
export class Mailer {
  readonly #transport: Transporter;
  readonly #from: string;

  constructor(opts: { smtpUrl: string; from: string }) {
    this.#transport = nodemailer.createTransport(opts.smtpUrl);
    this.#from = opts.from;
  }

  /** Resolves with the SMTP message id once the server accepted the message. */
  async send(mail: OutgoingMail): Promise<string> {
    const info = await this.#transport.sendMail({ from: this.#from, ...mail });
    return info.messageId;
  }

  close(): void {
    this.#transport.close();
  }
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

export function inviteEmail(input: { candidateName: string; orgName: string; jobTitle: string; link: string; expiresAt: Date; isBuiltIn: boolean }): Omit<OutgoingMail, 'to'> {
  const firstName = input.candidateName.split(/\s+/)[0] || input.candidateName;
  const expires = input.expiresAt.toUTCString().replace(/:\d\d GMT$/, ' UTC');
  const who = input.isBuiltIn ? 'a scripted interviewer (not AI)' : 'an AI interviewer';
  const subject = `Your screening interview for ${input.jobTitle} at ${input.orgName}`;
  const text = [
    `Hi ${firstName},`,
    '',
    `Thank you for applying for the ${input.jobTitle} role at ${input.orgName}. The next step is a short written screening interview that you can take in your browser, whenever suits you, before ${expires}.`,
    '',
    `Start here: ${input.link}`,
    '',
    `The interview is conducted by ${who}, and your answers are scored to help the hiring team; people at ${input.orgName} make every decision. You can leave and come back: your answers are saved as you go.`,
    '',
    'If you need an accommodation or would prefer to speak with a person instead, reply to this email.',
    '',
    `— The ${input.orgName} hiring team`,
  ].join('\n');
  const e = { firstName: escapeHtml(firstName), org: escapeHtml(input.orgName), job: escapeHtml(input.jobTitle), link: escapeHtml(input.link), expires: escapeHtml(expires) };
  const html = `<p>Hi ${e.firstName},</p>
<p>Thank you for applying for the ${e.job} role at ${e.org}. The next step is a short written screening interview that you can take in your browser, whenever suits you, before ${e.expires}.</p>
<p><a href="${e.link}">Start your interview</a></p>
<p>The interview is conducted by ${who}, and your answers are scored to help the hiring team; people at ${e.org} make every decision. You can leave and come back: your answers are saved as you go.</p>
<p>If you need an accommodation or would prefer to speak with a person instead, reply to this email.</p>
<p>— The ${e.org} hiring team</p>`;
  return { subject, text, html };
}
