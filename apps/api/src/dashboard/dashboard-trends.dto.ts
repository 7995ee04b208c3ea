import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { SATISFACTION_SEGMENT_DIMENSIONS, type SatisfactionSegmentDimension } from '@redress/projections';

/** Calendar periods a trend is made of; trailing windows overlap, so they make no series. */
export const TREND_PERIODS = ['week', 'month', 'quarter'] as const;
export type TrendPeriod = (typeof TREND_PERIODS)[number];

export const DEFAULT_TREND_PERIOD: TrendPeriod = 'week';
export const DEFAULT_TREND_LENGTH = 8;

/** Query of GET /dashboard/trends. */
export class DashboardTrendsQueryDto {
  @IsOptional()
  @IsIn(TREND_PERIODS as unknown as string[], { message: `period must be one of: ${TREND_PERIODS.join(', ')}` })
  @ApiPropertyOptional({ enum: TREND_PERIODS, default: DEFAULT_TREND_PERIOD, description: 'Length of one point' })
  period?: TrendPeriod;

  @Transform(({ value }) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value))
  @IsOptional()
  @IsInt({ message: 'periods must be a whole number' })
  @Min(1)
  @Max(26)
  @ApiPropertyOptional({ minimum: 1, maximum: 26, default: DEFAULT_TREND_LENGTH, description: 'How many periods' })
  periods?: number;

  @IsOptional()
  @IsIn(SATISFACTION_SEGMENT_DIMENSIONS as unknown as string[], {
    message: `segment must be one of: ${SATISFACTION_SEGMENT_DIMENSIONS.join(', ')}`,
  })
  @ApiPropertyOptional({ enum: SATISFACTION_SEGMENT_DIMENSIONS, description: 'Satisfaction only for this dimension' })
  segment?: SatisfactionSegmentDimension;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  @ApiPropertyOptional({ description: 'The value of `segment` to keep (needs segment)' })
  value?: string;
}
