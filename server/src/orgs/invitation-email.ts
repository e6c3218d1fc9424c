import { escapeHtml, type OutgoingMail } from '../mail/mailer.js';
import { Role } from './org.entity.js';

const ROLE_WORDS: Record<Role, string> = {
  [Role.OWNER]: 'an owner (everything, including choosing the other owners)',
  [Role.ADMIN]: 'an admin (settings, integrations and the team)',
  [Role.RECRUITER]: 'a recruiter (interviews and jobs)',
  [Role.VIEWER]: 'a viewer (read only)',
};

/** The email that carries a teammate's join link. */
export function memberInvitationEmail(input: { orgName: string; inviterName: string | null; role: Role; link: string; expiresAt: Date }): Omit<OutgoingMail, 'to'> {
  const who = input.inviterName ?? `The ${input.orgName} team`;
  const expires = input.expiresAt.toUTCString().replace(/:\d\d GMT$/, ' UTC');
  const subject = `${who} invited you to ${input.orgName} on Prelim`;
  const text = [
    'Hello,',
    '',
    `${who} invited you to join ${input.orgName} on Prelim, the screening interview service, as ${ROLE_WORDS[input.role]}.`,
    '',
    `Join here: ${input.link}`,
    '',
    `The link works once and until ${expires}. If you did not expect this invitation, you can ignore this email.`,
  ].join('\n');
  const e = { who: escapeHtml(who), org: escapeHtml(input.orgName), link: escapeHtml(input.link), expires: escapeHtml(expires), role: escapeHtml(ROLE_WORDS[input.role]) };
  const html = `<p>Hello,</p>
<p>${e.who} invited you to join ${e.org} on Prelim, the screening interview service, as ${e.role}.</p>
<p><a href="${e.link}">Join ${e.org}</a></p>
<p>The link works once and until ${e.expires}. If you did not expect this invitation, you can ignore this email.</p>`;
  return { subject, text, html };
}
