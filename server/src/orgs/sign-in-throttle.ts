import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainError } from '../platform/errors.js';

/** Failed sign-ins allowed per email within the window; the next attempt is refused unchecked. */
export const MAX_FAILED_SIGN_INS = 10;
export const SIGN_IN_WINDOW_MINUTES = 15;

const WINDOW = `interval '${SIGN_IN_WINDOW_MINUTES} minutes'`;

export const ThrottleErrors = {
  tooManyFailures: (retryAt: Date, now: Date) => {
    const minutes = Math.max(1, Math.ceil((retryAt.getTime() - now.getTime()) / 60_000));
    const clock = retryAt.toISOString().slice(11, 16);
    return new DomainError(
      'RATE_LIMITED',
      `Too many failed sign-in attempts for this email. Try again in ${minutes} minute${minutes === 1 ? '' : 's'} (after ${clock} UTC).`,
      { retryAt: retryAt.toISOString() },
    );
  },
};

/**
 * Password guessing limits, counted in Postgres per email so they hold across restarts and
 * instances. An attempt is written before the password is checked and counted with its own row,
 * so a burst of parallel requests cannot all slip past a count taken before any of them landed.
 */
export class SignInThrottle {
  /** Records an attempt; throws RATE_LIMITED (without checking any password) once the email has used up its failures. */
  async begin(em: EntityManager, email: string): Promise<string> {
    const conn = em.getConnection();
    const id = randomUUID();
    await conn.execute(`insert into sign_in_attempt (id, email, attempted_at) values (?, ?, now())`, [id, email]);
    await conn.execute(`delete from sign_in_attempt where attempted_at < now() - ${WINDOW}`);
    const counted = await conn.execute<{ count: string }[]>(`select count(*) from sign_in_attempt where email = ? and attempted_at > now() - ${WINDOW}`, [email]);
    if (Number(counted[0]!.count) <= MAX_FAILED_SIGN_INS) return id;

    // A refused attempt checked nothing, so it does not extend the pause.
    await conn.execute(`delete from sign_in_attempt where id = ?`, [id]);
    const rows = await conn.execute<{ retry_at: Date; now: Date }[]>(
      `select attempted_at + ${WINDOW} as retry_at, now() as now from sign_in_attempt where email = ? and attempted_at > now() - ${WINDOW} order by attempted_at desc offset ? limit 1`,
      [email, MAX_FAILED_SIGN_INS - 1],
    );
    const row = rows[0];
    throw ThrottleErrors.tooManyFailures(row ? new Date(row.retry_at) : new Date(Date.now() + 60_000), row ? new Date(row.now) : new Date());
  }

  /** The password was right: the email's earlier failures no longer count. */
  async succeeded(em: EntityManager, email: string): Promise<void> {
    await em.getConnection().execute(`delete from sign_in_attempt where email = ?`, [email]);
  }
}
