// Queues Excel commands into requests kept under a byte budget; syncs only when the next command would not fit.

/** Excel on the web refuses requests over 5 MB; stay well below with room for the protocol's own overhead. */
export const REQUEST_BUDGET_BYTES = 3_500_000;

export interface BatchStats {
  syncs: number;
  /** Estimated bytes of the largest request sent. */
  largestRequest: number;
}

export class RequestBatcher {
  private pending = 0;
  private queued = 0;
  readonly stats: BatchStats = { syncs: 0, largestRequest: 0 };

  constructor(
    private readonly context: { sync(): Promise<unknown> },
    private readonly budget: number = REQUEST_BUDGET_BYTES,
    /** Called at the start of every request (e.g. to suspend screen updating, which lasts until the next sync). */
    private readonly onNewRequest: () => void = () => {},
    private readonly onSynced: (stats: BatchStats) => void = () => {},
  ) {}

  /** Queue one command of about `size` bytes. */
  async add(size: number, queue: () => void): Promise<void> {
    if (this.queued > 0 && this.pending + size > this.budget) await this.flush();
    if (this.queued === 0) this.onNewRequest();
    queue();
    this.pending += size;
    this.queued++;
  }

  async flush(): Promise<void> {
    if (this.queued === 0) return;
    await this.context.sync();
    this.stats.syncs++;
    this.stats.largestRequest = Math.max(this.stats.largestRequest, this.pending);
    this.pending = 0;
    this.queued = 0;
    this.onSynced(this.stats);
  }
}
