/**
 * The base URL that candidates, Ashby and recruiters reach this server at. Configured with
 * PUBLIC_URL; otherwise the address the server listens on, known only once it listens.
 */
export class PublicUrl {
  #base: string | null;

  constructor(configured: string | undefined) {
    this.#base = configured ?? null;
  }

  /** Called once the server listens, unless PUBLIC_URL was configured. */
  useListenAddress(address: string): void {
    this.#base ??= address.replace(/\/+$/, '');
  }

  get base(): string {
    if (!this.#base) throw new Error('The public URL is not known before the server listens');
    return this.#base;
  }

  webhook(token: string): string {
    return `${this.base}/webhooks/ashby/${token}`;
  }

  /** Ashby's base URL for the assessment partner API (one for every organisation: the partner key tells them apart). */
  assessmentBase(): string {
    return `${this.base}/ashby/assessment`;
  }

  candidateLink(token: string): string {
    return `${this.base}/i/${token}`;
  }

  /** The page where an invited teammate joins the organisation. */
  join(token: string): string {
    return `${this.base}/join/${token}`;
  }

  interview(id: string): string {
    return `${this.base}/interviews/${id}`;
  }
}
