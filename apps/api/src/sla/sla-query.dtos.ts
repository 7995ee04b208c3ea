import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsISO8601, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { CATEGORIES, GRADES } from '@redress/domain';
import { Text } from '@redress/command-contracts';
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

/** Query of the recompute endpoints. */
export class RecomputeQueryDto extends MinPositionDto {
  @parsedFlag
  @IsOptional()
  @IsBoolean({ message: '$property must be true or false' })
  @ApiPropertyOptional({ description: 'Only show what would change; append nothing', type: Boolean })
  dryRun?: boolean;
}

const POLICY_ID_MESSAGE = `$property must be one of: ${POLICY_IDS.join(', ')}`;

/** Body of POST /complaints/:id/sla/recompute. */
export class RecomputeSlaPolicyDto {
  @IsIn(POLICY_IDS, { message: POLICY_ID_MESSAGE })
  @ApiProperty({ description: 'The policy to evaluate the complaint under', enum: POLICY_IDS })
  policyId!: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  @ApiPropertyOptional({ description: 'Its version (default: the newest in effect today)', minimum: 1 })
  version?: number;

  @Text(4000, { description: 'Why the complaint moves to this policy (recorded in its history)' })
  reason!: string;
}

/** Body of POST /sla/recompute: every open complaint tracked under one policy. */
export class BulkRecomputeSlaPolicyDto extends RecomputeSlaPolicyDto {
  @IsIn(POLICY_IDS, { message: POLICY_ID_MESSAGE })
  @ApiProperty({ description: 'Move the open complaints tracked under this policy', enum: POLICY_IDS })
  fromPolicyId!: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  @ApiPropertyOptional({ description: 'Only those under this version of it', minimum: 1 })
  fromVersion?: number;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(500)
  @ApiPropertyOptional({
    description: 'At most this many complaints, oldest first (default 100)',
    minimum: 1,
    maximum: 500,
  })
  limit?: number;
}
