import { Controller, Get, Headers, Inject, Param, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import {
  auditPackCsv,
  buildAuditPack,
  ComplaintQueryService,
  verifyChain,
  complaintStreamId,
  renderAuditPackPdf,
} from '@redress/application';
import { ProjectionRunner, SlaTrackingQueries } from '@redress/projections';
import type { FastifyReply } from 'fastify';
import { assertComplaintId } from '../complaints/complaints.controller';
import { validateBody } from '@redress/command-contracts';
import { AuditPackQueryDto, type AuditPackFormat } from './audit-pack.dto';
import { RequireCapability } from '../auth/route-access';

/** How long a pack waits for the SLA read model to include the complaint's last event before answering 503. */
const READ_MODEL_WAIT_MS = 5_000;

const MEDIA_TYPES: Record<AuditPackFormat, string> = {
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8; header=present',
  pdf: 'application/pdf',
};

/**
 * One complaint as an auditor's evidence pack (issue 8 §4), in the format
 * asked for by `?format=` or else by the Accept header. The history and the
 * verification come from the complaint's own stream; the SLA outcomes from
 * the tracking read model once it has caught up with that stream's last
 * event, so all three describe the same moment.
 */
@ApiTags('audit')
@Controller('complaints')
export class AuditPackController {
  constructor(
    @Inject(ComplaintQueryService) private readonly complaints: ComplaintQueryService,
    @Inject(SlaTrackingQueries) private readonly sla: SlaTrackingQueries,
    @Inject(ProjectionRunner) private readonly projections: ProjectionRunner,
  ) {}

  @Get(':id/audit-pack')
  @RequireCapability('complaints.audit-export', 'complaint-param')
  @ApiProduces(...Object.values(MEDIA_TYPES))
  @ApiOperation({
    summary: 'Evidence pack: history, state timeline, SLA outcomes and hash-chain verification, as JSON, CSV or PDF',
  })
  async auditPack(
    @Param('id') id: string,
    @Query() query: AuditPackQueryDto,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    assertComplaintId(id);
    const { format = formatAccepted(accept) } = await validateBody(AuditPackQueryDto, query);
    const events = await this.complaints.history(id);
    await this.projections.waitFor(events[events.length - 1].position, READ_MODEL_WAIT_MS);
    const generatedAt = new Date();
    const sla = await this.sla.complaintSla(id, generatedAt);
    const pack = buildAuditPack({
      complaintId: id,
      events,
      verification: verifyChain(complaintStreamId(id), events),
      sla: sla && { policy: sla.policy, at: sla.at, clocks: sla.clocks },
      generatedAt,
    });
    reply.header('content-type', MEDIA_TYPES[format]);
    reply.header('content-disposition', `attachment; filename="complaint-${id}-audit-pack.${format}"`);
    if (format === 'csv') return auditPackCsv(pack);
    if (format === 'pdf') return renderAuditPackPdf(pack);
    return pack;
  }
}

/** The first of CSV or PDF the Accept header names; JSON otherwise (also for a missing or wildcard header). */
function formatAccepted(accept: string | undefined): AuditPackFormat {
  const types = (accept ?? '').split(',').map((part) => part.split(';')[0].trim().toLowerCase());
  for (const type of types) {
    if (type === 'text/csv') return 'csv';
    if (type === 'application/pdf') return 'pdf';
    if (type === 'application/json') return 'json';
  }
  return 'json';
}
