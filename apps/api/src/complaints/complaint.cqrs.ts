import { Inject } from '@nestjs/common';
import { Command, CommandHandler, Query, QueryHandler, type ICommandHandler, type IQueryHandler } from '@nestjs/cqrs';
import {
  ComplaintCommandService,
  ComplaintMergeProcess,
  ComplaintQueryService,
  type MergeOutcome,
  type MergeRequest,
  type UnmergeRequest,
  type ComplaintCommandRequest,
  type ComplaintCommandResult,
  type ChainVerification,
  type ComplaintView,
  type HistoryFilter,
  type PointInHistory,
} from '@redress/application';
import type { RecordedEvent } from '@redress/event-store';
import { DuplicateCandidateQueries, type DuplicateCandidatesView } from '@redress/projections';

/**
 * The NestJS CQRS messages are envelopes around the framework-free
 * application services; the handlers only delegate.
 */
export class ExecuteComplaintCommand extends Command<ComplaintCommandResult> {
  constructor(readonly request: ComplaintCommandRequest) {
    super();
  }
}

export class GetComplaintQuery extends Query<ComplaintView> {
  constructor(
    readonly complaintId: string,
    readonly point: PointInHistory = {},
  ) {
    super();
  }
}

export class GetComplaintHistoryQuery extends Query<RecordedEvent[]> {
  constructor(
    readonly complaintId: string,
    readonly filter: HistoryFilter = {},
  ) {
    super();
  }
}

export class VerifyComplaintQuery extends Query<ChainVerification> {
  constructor(readonly complaintId: string) {
    super();
  }
}

@CommandHandler(ExecuteComplaintCommand)
export class ExecuteComplaintCommandHandler implements ICommandHandler<ExecuteComplaintCommand> {
  constructor(@Inject(ComplaintCommandService) private readonly service: ComplaintCommandService) {}

  execute(command: ExecuteComplaintCommand): Promise<ComplaintCommandResult> {
    return this.service.execute(command.request);
  }
}

@QueryHandler(GetComplaintQuery)
export class GetComplaintQueryHandler implements IQueryHandler<GetComplaintQuery> {
  constructor(@Inject(ComplaintQueryService) private readonly service: ComplaintQueryService) {}

  execute(query: GetComplaintQuery): Promise<ComplaintView> {
    return this.service.getComplaint(query.complaintId, query.point);
  }
}

@QueryHandler(GetComplaintHistoryQuery)
export class GetComplaintHistoryQueryHandler implements IQueryHandler<GetComplaintHistoryQuery> {
  constructor(@Inject(ComplaintQueryService) private readonly service: ComplaintQueryService) {}

  execute(query: GetComplaintHistoryQuery): Promise<RecordedEvent[]> {
    return this.service.history(query.complaintId, query.filter);
  }
}

@QueryHandler(VerifyComplaintQuery)
export class VerifyComplaintQueryHandler implements IQueryHandler<VerifyComplaintQuery> {
  constructor(@Inject(ComplaintQueryService) private readonly service: ComplaintQueryService) {}

  execute(query: VerifyComplaintQuery): Promise<ChainVerification> {
    return this.service.verify(query.complaintId);
  }
}

export class MergeComplaintCommand extends Command<MergeOutcome> {
  constructor(readonly request: MergeRequest) {
    super();
  }
}

export class UnmergeComplaintCommand extends Command<MergeOutcome> {
  constructor(readonly request: UnmergeRequest) {
    super();
  }
}

export class GetDuplicateCandidatesQuery extends Query<DuplicateCandidatesView | null> {
  constructor(readonly complaintId: string) {
    super();
  }
}

@CommandHandler(MergeComplaintCommand)
export class MergeComplaintCommandHandler implements ICommandHandler<MergeComplaintCommand> {
  constructor(@Inject(ComplaintMergeProcess) private readonly merges: ComplaintMergeProcess) {}

  execute(command: MergeComplaintCommand): Promise<MergeOutcome> {
    return this.merges.merge(command.request);
  }
}

@CommandHandler(UnmergeComplaintCommand)
export class UnmergeComplaintCommandHandler implements ICommandHandler<UnmergeComplaintCommand> {
  constructor(@Inject(ComplaintMergeProcess) private readonly merges: ComplaintMergeProcess) {}

  execute(command: UnmergeComplaintCommand): Promise<MergeOutcome> {
    return this.merges.unmerge(command.request);
  }
}

@QueryHandler(GetDuplicateCandidatesQuery)
export class GetDuplicateCandidatesQueryHandler implements IQueryHandler<GetDuplicateCandidatesQuery> {
  constructor(@Inject(DuplicateCandidateQueries) private readonly duplicates: DuplicateCandidateQueries) {}

  execute(query: GetDuplicateCandidatesQuery): Promise<DuplicateCandidatesView | null> {
    return this.duplicates.candidatesOf(query.complaintId);
  }
}
