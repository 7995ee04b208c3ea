import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { ComplaintMergeProcess } from '@redress/application';
import type { SqlClient } from '@redress/event-store';
import { halfDoneMerges } from '@redress/projections';
import { READ_MODEL_DB } from '../persistence.module';

/** How often the sweep looks, and how long a pair may look half-done before it is completed. */
const SWEEP_EVERY_MS = 30_000;
const GRACE_MS = 60_000;

/**
 * Completes merges and unmerges interrupted between their two appends (a
 * crash, a lost connection) that nobody retried: every half minute, the pairs
 * the complaint list has shown half-done for a minute are handed to
 * ComplaintMergeProcess.complete, which appends what is missing with the
 * interrupted request's deterministic ids. Any number of API replicas may
 * sweep at once: a step appended twice is stored once.
 */
@Injectable()
export class MergeCompletionSweep implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('MergeCompletion');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();

  constructor(
    @Inject(ComplaintMergeProcess) private readonly merges: ComplaintMergeProcess,
    @Inject(READ_MODEL_DB) private readonly db: SqlClient,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.running = this.running.then(async () => {
        await this.sweep(new Date(Date.now() - GRACE_MS));
      });
    }, SWEEP_EVERY_MS);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One pass: completes each pair half-done since before `olderThan`; returns how many needed it. */
  async sweep(olderThan: Date): Promise<number> {
    let completed = 0;
    try {
      for (const duplicateId of await halfDoneMerges(this.db, olderThan)) {
        const outcome = await this.merges.complete(duplicateId);
        if (outcome === 'consistent') continue;
        completed++;
        this.logger.warn({ duplicateId, outcome }, 'completed an interrupted merge');
      }
    } catch (error) {
      // The next pass tries again; the pairs stay listed until completed.
      this.logger.error({ error: (error as Error).message }, 'merge completion sweep failed');
    }
    return completed;
  }
}
