import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ComplaintCommandService, ComplaintMergeProcess, ComplaintQueryService } from '@redress/application';
import { EVENT_STORE, type EventStore, type SqlClient } from '@redress/event-store';
import { PersonalDataVault } from '@redress/privacy';
import { DuplicateCandidateQueries, type DuplicateDetectionSettings } from '@redress/projections';
import { READ_MODEL_DB } from '../persistence.module';
import {
  ExecuteComplaintCommandHandler,
  GetComplaintHistoryQueryHandler,
  GetComplaintQueryHandler,
  GetDuplicateCandidatesQueryHandler,
  MergeComplaintCommandHandler,
  UnmergeComplaintCommandHandler,
  VerifyComplaintQueryHandler,
} from './complaint.cqrs';
import { ComplaintMergeController } from './complaint-merge.controller';
import { ComplaintsController } from './complaints.controller';
import { DUPLICATE_DETECTION } from './duplicate-detection.config';
import { MergeCompletionSweep } from './merge-completion.sweep';

@Module({
  imports: [CqrsModule],
  controllers: [ComplaintsController, ComplaintMergeController],
  providers: [
    {
      provide: ComplaintCommandService,
      // Personal data given at intake is sealed with the customer's key before the command is decided.
      useFactory: (store: EventStore, vault: PersonalDataVault) => new ComplaintCommandService(store, undefined, vault),
      inject: [EVENT_STORE, PersonalDataVault],
    },
    {
      provide: ComplaintQueryService,
      useFactory: (store: EventStore) => new ComplaintQueryService(store),
      inject: [EVENT_STORE],
    },
    {
      provide: ComplaintMergeProcess,
      useFactory: (commands: ComplaintCommandService, queries: ComplaintQueryService) =>
        new ComplaintMergeProcess(commands, queries),
      inject: [ComplaintCommandService, ComplaintQueryService],
    },
    {
      provide: DuplicateCandidateQueries,
      useFactory: (db: SqlClient, settings: DuplicateDetectionSettings) => new DuplicateCandidateQueries(db, settings),
      inject: [READ_MODEL_DB, DUPLICATE_DETECTION],
    },
    MergeCompletionSweep,
    ExecuteComplaintCommandHandler,
    MergeComplaintCommandHandler,
    UnmergeComplaintCommandHandler,
    GetDuplicateCandidatesQueryHandler,
    GetComplaintQueryHandler,
    GetComplaintHistoryQueryHandler,
    VerifyComplaintQueryHandler,
  ],
  // The SLA timer records its alerts through the same command service; audit packs read through the query service.
  exports: [ComplaintCommandService, ComplaintQueryService],
})
export class ComplaintsModule {}
