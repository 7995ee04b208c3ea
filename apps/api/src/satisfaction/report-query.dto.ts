import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsISO8601, IsOptional, IsString, MaxLength } from 'class-validator';
import {
  COMPLAINT_SEGMENT_DIMENSIONS,
  SATISFACTION_SEGMENT_DIMENSIONS,
  WARNING_STATUSES,
  WINDOW_KINDS,
  type ComplaintSegmentDimension,
  type SatisfactionSegmentDimension,
  type WindowKind,
} from '@redress/projections';

export const REPORT_FORMATS = ['json', 'csv'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

function Choice(values: readonly string[], description: string, fallback?: string): PropertyDecorator {
  return (target, key) => {
    IsOptional()(target, key);
    IsIn(values as string[], { message: `$property must be one of: ${values.join(', ')}` })(target, key);
    ApiPropertyOptional({ enum: values, description, default: fallback })(target, key);
  };
}

/** Query parameters shared by GET /satisfaction, /kpis and /warnings. */
class ReportQueryDto {
  @Choice(WINDOW_KINDS, 'Reporting window: trailing days, or the calendar period containing `at`', 'trailing-30d')
  window?: WindowKind;

  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'at must be an ISO-8601 date or date-time' })
  @ApiPropertyOptional({ description: 'Any instant in the window wanted (default: now)', example: '2026-11-15' })
  at?: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  @ApiPropertyOptional({ description: 'Only this value of the segment dimension' })
  value?: string;

  @Choice(REPORT_FORMATS, 'json, or csv for a spreadsheet export', 'json')
  format?: ReportFormat;
}

export class SatisfactionQueryDto extends ReportQueryDto {
  @Choice(SATISFACTION_SEGMENT_DIMENSIONS, 'Break the figures down by this dimension')
  segment?: SatisfactionSegmentDimension;
}

export class KpiQueryDto extends ReportQueryDto {
  @Choice(COMPLAINT_SEGMENT_DIMENSIONS, 'Break the KPIs down by this dimension')
  segment?: ComplaintSegmentDimension;
}

export class WarningQueryDto extends ReportQueryDto {
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @ApiPropertyOptional({
    description: 'Warnings about this segment dimension ("all" for unsegmented ones, "product" …)',
  })
  segment?: string;

  @IsOptional()
  @Transform(({ value }) => (Array.isArray(value) ? value : String(value).split(',')).map((s: string) => s.trim()))
  @IsIn(WARNING_STATUSES as unknown as string[], {
    each: true,
    message: `each status must be one of: ${WARNING_STATUSES.join(', ')}`,
  })
  @ApiPropertyOptional({ description: 'Comma-separated statuses', enum: WARNING_STATUSES })
  status?: string[];
}
