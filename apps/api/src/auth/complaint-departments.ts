import { ComplaintQueryService, NoStateAtPointError } from '@redress/application';
import type { AccessTarget } from '@redress/access';
import type { EventStore } from '@redress/event-store';
import { isUuid } from '../satisfaction/command-envelope';

/**
 * A complaint's current department, for department scoping. Read from the
 * complaint's own stream rather than the list read model: right after an
 * assignment the read model may still show the old department, and an access
 * decision must not lag behind the write it follows.
 */
export class ComplaintDepartments {
  private readonly queries: ComplaintQueryService;

  constructor(store: EventStore) {
    this.queries = new ComplaintQueryService(store);
  }

  async of(complaintId: string): Promise<AccessTarget> {
    // Not a complaint id: the handler answers 404 without reading anything.
    if (!isUuid(complaintId)) return { kind: 'complaint-not-found' };
    try {
      const view = await this.queries.getComplaint(complaintId);
      return { kind: 'complaint', department: view.state.department };
    } catch (error) {
      if (error instanceof NoStateAtPointError) return { kind: 'complaint-not-found' };
      throw error;
    }
  }
}
