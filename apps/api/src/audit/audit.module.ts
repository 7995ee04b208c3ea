import { Module } from '@nestjs/common';
import { ComplaintsModule } from '../complaints/complaints.module';
import { ReadModelsModule } from '../read-models/read-models.module';
import { SlaModule } from '../sla/sla.module';
import { AuditPackController } from './audit-pack.controller';

/** Auditors' exports; history, time travel and verification live with the complaint routes. */
@Module({
  imports: [ComplaintsModule, ReadModelsModule, SlaModule],
  controllers: [AuditPackController],
})
export class AuditModule {}
