import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import {
  CATEGORIES,
  CHANNELS,
  COMPLAINT_STATUSES,
  CUSTOMER_TIERS,
  ESCALATION_LEVELS,
  GRADES,
  PRIORITIES,
} from '@redress/domain';
import { COMPLAINT_SORTS, type ComplaintSort } from '@redress/projections';

/** `a,b,c` → ['a', 'b', 'c']; repeated parameters arrive as arrays and are flattened the same way. */
const commaList = () =>
  Transform(({ value }) =>
    (Array.isArray(value) ? value : [value])
      .flatMap((part: unknown) => String(part).split(','))
      .map((part: string) => part.trim())
      .filter(Boolean),
  );

/** Query parameters arrive as text; digits become a number for the integer checks. */
const wholeNumber = () =>
  Transform(({ value }) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value));

function AnyOf(values: readonly string[], description: string): PropertyDecorator {
  return (target, key) => {
    commaList()(target, key);
    IsOptional()(target, key);
    IsIn(values as string[], { each: true, message: `each value of $property must be one of: ${values.join(', ')}` })(
      target,
      key,
    );
    ApiPropertyOptional({ description: `${description} (comma-separated, any of)`, type: String, enum: values })(
      target,
      key,
    );
  };
}

function AnyText(description: string): PropertyDecorator {
  return (target, key) => {
    commaList()(target, key);
    IsOptional()(target, key);
    IsString({ each: true })(target, key);
    MaxLength(200, { each: true })(target, key);
    ApiPropertyOptional({ description: `${description} (comma-separated, any of)`, type: String })(target, key);
  };
}

function Since(description: string): PropertyDecorator {
  return (target, key) => {
    IsOptional()(target, key);
    IsISO8601({ strict: true }, { message: '$property must be an ISO-8601 date-time' })(target, key);
    ApiPropertyOptional({ description, type: String, format: 'date-time' })(target, key);
  };
}

/** Query parameters of GET /complaints. */
export class ComplaintSearchDto {
  @AnyOf(COMPLAINT_STATUSES, 'Status')
  status?: string[];

  @AnyOf(CATEGORIES, 'Category')
  category?: string[];

  @AnyOf(GRADES, 'Grade')
  grade?: string[];

  @AnyOf(PRIORITIES, 'Priority')
  priority?: string[];

  @AnyOf(CHANNELS, 'Intake channel')
  channel?: string[];

  @AnyOf(CUSTOMER_TIERS, 'Customer tier')
  customerTier?: string[];

  @AnyText('Department')
  department?: string[];

  @AnyText('Assignee')
  assignee?: string[];

  @AnyOf(ESCALATION_LEVELS, 'Escalation level')
  escalationLevel?: string[];

  @Since('Received at or after')
  receivedFrom?: string;

  @Since('Received before')
  receivedTo?: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  @ApiPropertyOptional({ description: 'Full-text search over the content and the complaint object' })
  q?: string;

  @IsOptional()
  @IsIn(COMPLAINT_SORTS as unknown as string[], { message: `sort must be one of: ${COMPLAINT_SORTS.join(', ')}` })
  @ApiPropertyOptional({ enum: COMPLAINT_SORTS, default: '-receivedAt' })
  sort?: ComplaintSort;

  @IsOptional()
  @wholeNumber()
  @IsInt()
  @Min(1)
  @Max(200)
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  limit?: number;

  @IsOptional()
  @IsString()
  @MaxLength(1000)
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'cursor must be a cursor returned by a previous page' })
  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  cursor?: string;

  @IsOptional()
  @wholeNumber()
  @IsInt()
  @Min(0)
  @ApiPropertyOptional({
    description:
      'Read your writes: wait (up to 5 s) until the read model includes this log position, e.g. a command response\'s "position"',
  })
  minPosition?: number;
}

export class CustomerComplaintsDto {
  @IsOptional()
  @wholeNumber()
  @IsInt()
  @Min(1)
  @Max(3650)
  @ApiPropertyOptional({
    description: 'Days within which a complaint in the same category counts as a repeat',
    default: 30,
  })
  repeatWindowDays?: number;
}
