import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, Min } from 'class-validator';
import { COMPLAINT_EVENT_TYPES } from '@redress/domain';

const ISO = { message: '$property must be an ISO-8601 date-time, e.g. 2026-01-31T09:30:00Z' };

/** Query parameters of GET /complaints/:id: a past moment, by instant or by revision. */
export class PointInHistoryDto {
  @IsOptional()
  @IsISO8601({ strict: true }, ISO)
  @ApiPropertyOptional({ format: 'date-time', description: 'The state as it was recorded at this instant' })
  asOf?: string;

  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value))
  @IsInt()
  @Min(0)
  @ApiPropertyOptional({ description: 'The state right after this revision' })
  atRevision?: number;
}

/** Query parameters of GET /complaints/:id/history. */
export class HistoryFilterDto {
  @IsOptional()
  @IsISO8601({ strict: true }, ISO)
  @ApiPropertyOptional({ format: 'date-time', description: 'Recorded at or after' })
  from?: string;

  @IsOptional()
  @IsISO8601({ strict: true }, ISO)
  @ApiPropertyOptional({ format: 'date-time', description: 'Recorded before' })
  to?: string;

  @IsOptional()
  @Transform(({ value }) =>
    String(value)
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean),
  )
  @IsIn(COMPLAINT_EVENT_TYPES, { each: true, message: `each type must be one of: ${COMPLAINT_EVENT_TYPES.join(', ')}` })
  @ApiPropertyOptional({ description: 'Event types, comma-separated', enum: COMPLAINT_EVENT_TYPES })
  type?: string[];
}
