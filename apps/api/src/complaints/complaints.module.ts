import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ComplaintCommandService, ComplaintQueryService } from '@redress/application';
import { EVENT_STORE, type EventStore } from '@redress/event-store';
import {
  ExecuteComplaintCommandHandler,
  GetComplaintHistoryQueryHandler,
  GetComplaintQueryHandler,
  VerifyComplaintQueryHandler,
} from './complaint.cqrs';
import { ComplaintsController } from './complaints.controller';

@Module({
  imports: [CqrsModule],
  controllers: [ComplaintsController],
  providers: [
    {
      provide: ComplaintCommandService,
      useFactory: (store: EventStore) => new ComplaintCommandService(store),
      inject: [EVENT_STORE],
    },
    {
      provide: ComplaintQueryService,
      useFactory: (store: EventStore) => new ComplaintQueryService(store),
      inject: [EVENT_STORE],
    },
    ExecuteComplaintCommandHandler,
    GetComplaintQueryHandler,
    GetComplaintHistoryQueryHandler,
    VerifyComplaintQueryHandler,
  ],
  // The SLA timer records its alerts through the same command service; audit packs read through the query service.
  exports: [ComplaintCommandService, ComplaintQueryService],
})
export class ComplaintsModule {}
