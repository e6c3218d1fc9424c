import { LockMode, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainError, Errors } from '../platform/errors.js';
import { hashToken, randomToken, safeEqual, type SecretBox } from '../platform/secrets.js';
import type { Org } from '../orgs/org.entity.js';
import { AshbyClient, AshbyError } from './ashby.client.js';
import { AshbyIntegration, IntegrationStatus } from './ashby-integration.entity.js';

/** Permissions the Ashby key needs for everything Prelim does with it. */
export const REQUIRED_SCOPES = ['candidatesRead', 'candidatesWrite', 'jobsRead', 'interviewsRead'] as const;

const MAX_TRIGGER_STAGE_LENGTH = 200;

/** Connecting, rotating and disconnecting an organisation's Ashby account. */
export class IntegrationService {
  readonly #secrets: SecretBox;
  readonly #ashbyUrl: string;

  constructor(opts: { secrets: SecretBox; ashbyApiUrl: string }) {
    this.#secrets = opts.secrets;
    this.#ashbyUrl = opts.ashbyApiUrl;
  }

  find(em: EntityManager, org: Org | string): Promise<AshbyIntegration | null> {
    return em.findOne(AshbyIntegration, { org });
  }

  clientForKey(apiKey: string): AshbyClient {
    return new AshbyClient({ baseUrl: this.#ashbyUrl, apiKey });
  }

  /** An API client for a connected integration; throws a clear error when it is not connected. */
  client(integration: AshbyIntegration): AshbyClient {
    if (integration.status !== IntegrationStatus.CONNECTED || !integration.apiKeySealed) {
      throw new DomainError('CONFLICT', 'Ashby is not connected for this organisation. Connect it in Settings → Integrations → Ashby.');
    }
    return this.clientForKey(this.#secrets.decrypt(integration.apiKeySealed));
  }

  signingSecret(integration: AshbyIntegration): string | null {
    return integration.signingSecretSealed ? this.#secrets.decrypt(integration.signingSecretSealed) : null;
  }

  /** The key Ashby presents when it calls Prelim's assessment API; null before it is issued and after a disconnect. */
  assessmentKey(integration: AshbyIntegration): string | null {
    return integration.assessmentKeySealed ? this.#secrets.decrypt(integration.assessmentKeySealed) : null;
  }

  /**
   * The connected integration whose partner key this is, with its org, or null. Found by the key's
   * hash, then compared with the stored key in constant time.
   */
  async findByAssessmentKey(em: EntityManager, key: string): Promise<AshbyIntegration | null> {
    const integration = await em.findOne(AshbyIntegration, { assessmentKeyHash: hashToken(key), status: IntegrationStatus.CONNECTED }, { populate: ['org'] });
    const stored = integration && this.assessmentKey(integration);
    return stored && safeEqual(stored, key) ? integration : null;
  }

  /**
   * Checks the key with Ashby, then stores it encrypted. First connection (or reconnection after a
   * disconnect) issues a new signing secret; a connected integration keeps its secret (key rotation).
   */
  async connect(em: EntityManager, org: Org, rawApiKey: string): Promise<AshbyIntegration> {
    const apiKey = rawApiKey.trim();
    if (!apiKey || /\s/.test(apiKey) || apiKey.length > 500) {
      throw Errors.badInput('The Ashby API key looks wrong: paste the key exactly as Ashby shows it (no spaces).', { apiKey: 'expected a single token without spaces' });
    }
    const title = await this.#checkKey(apiKey);

    await this.#ensureRow(em, org);
    // Under the row lock, so that two connects at once (a double click) end as one connection
    // and one secret rather than a conflict or a secret overwritten after it was shown.
    const integration = await em.transactional(async (tem) => {
      const row = await tem.findOneOrFail(AshbyIntegration, { org }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
      const now = new Date();
      if (row.status === IntegrationStatus.DISCONNECTED || !row.signingSecretSealed) {
        row.signingSecretSealed = this.#secrets.encrypt(newSigningSecret());
        row.connectedAt = now;
        row.disconnectedAt = null;
        row.lastPingAt = null;
      }
      // Like the signing secret: new on (re)connection, kept across key rotations.
      if (row.status === IntegrationStatus.DISCONNECTED || !row.assessmentKeySealed) this.#issueAssessmentKey(row);
      row.status = IntegrationStatus.CONNECTED;
      row.apiKeySealed = this.#secrets.encrypt(apiKey);
      row.apiKeyLast4 = apiKey.slice(-4);
      row.apiKeyTitle = title;
      return row;
    });
    return em.merge(integration);
  }

  /** Creates the organisation's (disconnected) integration row unless it exists; concurrent callers all succeed. */
  async #ensureRow(em: EntityManager, org: Org): Promise<void> {
    if (await this.find(em, org)) return;
    const fork = em.fork();
    fork.create(AshbyIntegration, { org: org.id, status: IntegrationStatus.DISCONNECTED, apiKeySealed: null, apiKeyLast4: null, apiKeyTitle: null, webhookToken: randomToken(24), signingSecretSealed: null, connectedAt: new Date() });
    try {
      await fork.flush();
    } catch (error) {
      if (!(error instanceof UniqueConstraintViolationException)) throw error;
    }
  }

  async setTriggerStage(em: EntityManager, org: Org, name: string): Promise<AshbyIntegration> {
    const integration = await this.#connected(em, org);
    // Stored exactly as given: the match is exact, case and spaces included, as the setup guide says.
    if (name.trim() === '' || name.length > MAX_TRIGGER_STAGE_LENGTH) {
      throw Errors.badInput(`The trigger stage must be a stage name of 1 to ${MAX_TRIGGER_STAGE_LENGTH} characters.`, { name: 'expected a stage name' });
    }
    integration.triggerStage = name;
    await em.flush();
    return integration;
  }

  async regenerateSigningSecret(em: EntityManager, org: Org): Promise<AshbyIntegration> {
    const integration = await this.#connected(em, org);
    integration.signingSecretSealed = this.#secrets.encrypt(newSigningSecret());
    integration.lastPingAt = null;
    await em.flush();
    return integration;
  }

  /** Issues a new partner key; the old one stops working at once, so Ashby must be given the new one. */
  async regenerateAssessmentKey(em: EntityManager, org: Org): Promise<AshbyIntegration> {
    const integration = await this.#connected(em, org);
    this.#issueAssessmentKey(integration);
    await em.flush();
    return integration;
  }

  #issueAssessmentKey(integration: AshbyIntegration): void {
    const key = randomToken(32);
    integration.assessmentKeySealed = this.#secrets.encrypt(key);
    integration.assessmentKeyHash = hashToken(key);
  }

  /** Removes the live wiring: the keys and secret are erased; interviews and the delivery log stay. */
  async disconnect(em: EntityManager, org: Org): Promise<AshbyIntegration> {
    const integration = await this.find(em, org);
    if (!integration) throw Errors.notFound('The Ashby integration');
    integration.status = IntegrationStatus.DISCONNECTED;
    integration.apiKeySealed = null;
    integration.signingSecretSealed = null;
    integration.assessmentKeySealed = null;
    integration.assessmentKeyHash = null;
    integration.disconnectedAt = new Date();
    await em.flush();
    return integration;
  }

  async stageNames(em: EntityManager, org: Org): Promise<string[]> {
    const integration = await this.#connected(em, org);
    try {
      return await this.client(integration).stageNames();
    } catch (error) {
      throw toDomainError(error, 'read the interview stages');
    }
  }

  async #connected(em: EntityManager, org: Org): Promise<AshbyIntegration> {
    const integration = await this.find(em, org);
    if (!integration || integration.status !== IntegrationStatus.CONNECTED) {
      throw new DomainError('CONFLICT', 'Ashby is not connected for this organisation. Connect it in Settings → Integrations → Ashby first.');
    }
    return integration;
  }

  /** Returns the key's title. A key without apiKeysRead is checked with a call Prelim needs anyway. */
  async #checkKey(apiKey: string): Promise<string | null> {
    const client = this.clientForKey(apiKey);
    try {
      const info = await client.apiKeyInfo();
      const scopes = info.scopes ?? [];
      const missing = REQUIRED_SCOPES.filter((s) => !scopes.includes(s));
      if (missing.length > 0) {
        throw Errors.badInput(
          `This Ashby API key lacks permissions Prelim needs: ${missing.join(', ')}. In Ashby, open Admin → API Keys, enable them on the key and paste it again.`,
          { apiKey: `missing ${missing.join(', ')}` },
        );
      }
      return info.title ?? null;
    } catch (error) {
      if (error instanceof AshbyError && error.failure === 'missing_permission') {
        try {
          await client.interviewPlans();
          return null;
        } catch (fallbackError) {
          throw toDomainError(fallbackError, 'check the API key');
        }
      }
      throw toDomainError(error, 'check the API key');
    }
  }
}

function newSigningSecret(): string {
  return randomToken(32);
}

/** Turns an Ashby failure into a message the admin can act on. */
export function toDomainError(error: unknown, doing: string): Error {
  if (!(error instanceof AshbyError)) return error instanceof Error ? error : new Error(String(error));
  switch (error.failure) {
    case 'missing_key':
    case 'invalid_key':
      return Errors.badInput('Ashby rejected this API key. Check that you copied the whole key and that it is still active in Ashby (Admin → API Keys).', { apiKey: 'rejected by Ashby' });
    case 'missing_permission':
      return Errors.badInput(`${error.message} In Ashby, open Admin → API Keys and enable it on the key.`, { apiKey: 'missing permission' });
    case 'rate_limited':
      return new DomainError('UPSTREAM_UNAVAILABLE', `Ashby is rate limiting requests, so Prelim could not ${doing}. Try again in a minute.`);
    case 'unavailable':
      return new DomainError('UPSTREAM_UNAVAILABLE', `Ashby could not be reached, so Prelim could not ${doing}. Try again shortly.`);
    default:
      return new DomainError('UPSTREAM_UNAVAILABLE', `Ashby gave an unexpected answer, so Prelim could not ${doing}: ${error.message}`);
  }
}
