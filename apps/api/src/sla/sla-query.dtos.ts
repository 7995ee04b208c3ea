import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsISO8601, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { CATEGORIES, GRADES } from '@redress/domain';
import {
  COMPLAINT_SEGMENT_DIMENSIONS,
  SHIPPED_SLA_TRACKING,
  type ComplaintSegmentDimension,
} from '@redress/projections';

const { catalog } = SHIPPED_SLA_TRACKING;
const POLICY_IDS = catalog.ids();
const CLOCK_NAMES = [
  ...new Set(POLICY_IDS.flatMap((id) => catalog.versions(id).flatMap((p) => p.clocks.map((c) => c.name)))),
].sort();

/** Repeated or comma-separated query values, as one list. */
const splitValues = Transform(({ value }) =>
  [value].flat().flatMap((part: unknown) =>
    String(part)
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item.length > 0),
  ),
);

/** A query-string number or flag arrives as text; convert only what is unambiguous, leave the rest for the checks. */
const parsedNumber = Transform(({ value }) =>
  typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value,
);
const parsedFlag = Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value));

function ListOf(values: readonly string[] | null, description: string): PropertyDecorator {
  return (target, key) => {
    splitValues(target, key);
    IsOptional()(target, key);
    if (values) {
      IsIn(values as string[], { each: true, message: `each value of $property must be one of: ${values.join(', ')}` })(
        target,
        key,
      );
    } else {
      IsString({ each: true })(target, key);
      MaxLength(200, { each: true })(target, key);
    }
    ApiPropertyOptional({
      description: `${description}; comma-separated, any of`,
      type: String,
      enum: values ?? undefined,
    })(target, key);
  };
}

export class MinPositionDto {
  @parsedNumber
  @IsOptional()
  @IsInt()
  @Min(0)
  @ApiPropertyOptional({
    description: 'Wait until the read model has applied this log position (from a command response)',
  })
  minPosition?: number;
}

/** Query of GET /complaints/:id/sla. */
export class ComplaintSlaQueryDto extends MinPositionDto {
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true }, { message: '$property must be an ISO-8601 date-time' })
  @ApiPropertyOptional({ description: 'Evaluate the clocks as of this instant (default: now)', format: 'date-time' })
  at?: string;
}

/** Query of GET /sla/at-risk. */
export class AtRiskQueryDto extends MinPositionDto {
  @ListOf(POLICY_IDS, 'Policy id')
  policy?: string[];

  @ListOf(CLOCK_NAMES, 'Clock name')
  clock?: string[];

  @ListOf(null, 'Owning department')
  department?: string[];

  @ListOf(GRADES, 'Grade')
  grade?: string[];

  @ListOf(CATEGORIES, 'Category')
  category?: string[];

  @parsedNumber
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(366 * 24 * 60)
  @ApiPropertyOptional({ description: 'Only clocks due within this many minutes from now' })
  withinMinutes?: number;

  @parsedFlag
  @IsOptional()
  @IsBoolean({ message: '$property must be true or false' })
  @ApiPropertyOptional({ description: 'List clocks already past due (first); default true', type: Boolean })
  includeBreached?: boolean;

  @parsedNumber
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(500)
  @ApiPropertyOptional({ description: 'At most this many clocks (default 50)', minimum: 1, maximum: 500 })
  limit?: number;
}

/** Query of GET /sla/compliance. */
export class ComplianceQueryDto extends MinPositionDto {
  @IsISO8601({ strict: true, strictSeparator: true }, { message: '$property must be an ISO-8601 date-time' })
  @ApiProperty({ description: 'Complaints received at or after this instant', format: 'date-time' })
  from!: string;

  @IsISO8601({ strict: true, strictSeparator: true }, { message: '$property must be an ISO-8601 date-time' })
  @ApiProperty({ description: 'Complaints received before this instant', format: 'date-time' })
  to!: string;

  @IsOptional()
  @IsIn(COMPLAINT_SEGMENT_DIMENSIONS as unknown as string[], {
    message: `$property must be one of: ${COMPLAINT_SEGMENT_DIMENSIONS.join(', ')}`,
  })
  @ApiPropertyOptional({
    description: 'Split each clock by this complaint attribute',
    enum: COMPLAINT_SEGMENT_DIMENSIONS,
  })
  groupBy?: ComplaintSegmentDimension;

  @ListOf(POLICY_IDS, 'Policy id')
  policy?: string[];

  @ListOf(CLOCK_NAMES, 'Clock name')
  clock?: string[];
}
