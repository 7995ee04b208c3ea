import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { applyPublishedEvent, isOpen, type CustomerComplaint } from './customer-complaint';
import type { PublishedEvent } from './published-event';

export interface CustomerView {
  customerId: string;
  complaints: Pick<
    CustomerComplaint,
    'complaintId' | 'status' | 'reopenCount' | 'grantedCompensation' | 'receivedAt'
  >[];
  openComplaints: number;
  reopens: number;
  /** Granted compensation summed per currency; non-monetary remedies are counted under their kind. */
  totalCompensation: Record<string, number>;
}

export interface BatchResult {
  applied: number;
  duplicates: number;
}

/**
 * The consumer's state in an embedded PostgreSQL (PGlite) file database: the
 * ids of processed events and the customer view, written in ONE transaction
 * per Kafka batch. That is why it is a database and not, say, a JSON file:
 * "this event was applied" and "its effect" become durable together or not at
 * all, so a crash can never record one without the other, and no file has to
 * be rewritten whole per batch. (A processed-id set in memory would forget
 * everything on restart.) Offsets are committed to Kafka only after this
 * transaction, so a crash in between means re-delivery — which the
 * processed-id check turns into a no-op.
 */
export class CustomerViewStore {
  private constructor(private readonly db: PGlite) {}

  /** `dataDir` null keeps it in memory (tests). */
  static async open(dataDir: string | null): Promise<CustomerViewStore> {
    if (dataDir) await mkdir(dataDir, { recursive: true });
    const db = dataDir ? new PGlite(dataDir) : new PGlite();
    await db.waitReady;
    await db.exec(`
      CREATE TABLE IF NOT EXISTS processed_events (
        event_id TEXT PRIMARY KEY,
        processed_at TIMESTAMPTZ NOT NULL DEFAULT now()
      );
      CREATE TABLE IF NOT EXISTS customer_complaints (
        complaint_id TEXT PRIMARY KEY,
        customer_id TEXT NOT NULL,
        complaint JSONB NOT NULL
      );
      CREATE INDEX IF NOT EXISTS customer_complaints_by_customer ON customer_complaints (customer_id);
    `);
    return new CustomerViewStore(db);
  }

  /** Applies a batch (in partition order) exactly once per event id, in one transaction. */
  async applyBatch(events: readonly PublishedEvent[]): Promise<BatchResult> {
    return this.db.transaction(async (tx) => {
      const result: BatchResult = { applied: 0, duplicates: 0 };
      for (const event of events) {
        const fresh = await tx.query(
          'INSERT INTO processed_events (event_id) VALUES ($1) ON CONFLICT DO NOTHING RETURNING 1',
          [event.id],
        );
        if (fresh.rows.length === 0) {
          result.duplicates++; // seen before: a re-delivery or a re-publication; its effect is already here
          continue;
        }
        const current = await tx.query<{ complaint: CustomerComplaint }>(
          'SELECT complaint FROM customer_complaints WHERE complaint_id = $1',
          [event.complaintId],
        );
        const next = applyPublishedEvent(current.rows[0]?.complaint, event);
        if (next) {
          await tx.query(
            `INSERT INTO customer_complaints (complaint_id, customer_id, complaint) VALUES ($1, $2, $3)
             ON CONFLICT (complaint_id) DO UPDATE SET complaint = EXCLUDED.complaint`,
            [next.complaintId, next.customerId, JSON.stringify(next)],
          );
        }
        result.applied++;
      }
      return result;
    });
  }

  async customer(customerId: string): Promise<CustomerView | undefined> {
    const { rows } = await this.db.query<{ complaint: CustomerComplaint }>(
      `SELECT complaint FROM customer_complaints WHERE customer_id = $1 ORDER BY complaint->>'receivedAt', complaint_id`,
      [customerId],
    );
    if (rows.length === 0) return undefined;
    const complaints = rows.map((row) => row.complaint);
    const totalCompensation: Record<string, number> = {};
    for (const granted of complaints.flatMap((c) => c.grantedCompensation)) {
      const unit = granted.currency ?? granted.kind;
      totalCompensation[unit] = (totalCompensation[unit] ?? 0) + (granted.amount ?? 1);
    }
    return {
      customerId,
      complaints: complaints.map(({ complaintId, status, reopenCount, grantedCompensation, receivedAt }) => ({
        complaintId,
        status,
        reopenCount,
        grantedCompensation,
        receivedAt,
      })),
      openComplaints: complaints.filter(isOpen).length,
      reopens: complaints.reduce((sum, c) => sum + c.reopenCount, 0),
      totalCompensation,
    };
  }

  async customerIds(): Promise<string[]> {
    const { rows } = await this.db.query<{ customer_id: string }>(
      'SELECT DISTINCT customer_id FROM customer_complaints ORDER BY customer_id',
    );
    return rows.map((row) => row.customer_id);
  }

  async processedEvents(): Promise<number> {
    const { rows } = await this.db.query<{ count: number }>('SELECT count(*)::int AS count FROM processed_events');
    return rows[0].count;
  }

  async close(): Promise<void> {
    if (!this.db.closed) await this.db.close();
  }
}
