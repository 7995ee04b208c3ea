import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

/**
 * Composite field decorators: each declares validation and the OpenAPI
 * schema together, so the documented contract and the enforced one cannot
 * drift apart.
 */
interface FieldOptions {
  optional?: boolean;
  description?: string;
  example?: unknown;
}

const NOT_BLANK = /\S/;

function documented(type: Record<string, unknown>, options: FieldOptions): PropertyDecorator {
  const { optional, ...rest } = options;
  return optional ? ApiPropertyOptional({ ...type, ...rest }) : ApiProperty({ ...type, ...rest });
}

/** Optional fields may be absent (or null); required ones say so first, instead of a cascade of type errors. */
function presence(options: FieldOptions): PropertyDecorator[] {
  return options.optional ? [IsOptional()] : [IsDefined({ message: 'is required' })];
}

export function Text(maxLength: number, options: FieldOptions = {}): PropertyDecorator {
  return applyDecorators(
    ...presence(options),
    IsString(),
    IsNotEmpty(),
    Matches(NOT_BLANK, { message: '$property must not be blank' }),
    MaxLength(maxLength),
    documented({ type: String, maxLength, minLength: 1 }, options),
  );
}

export function TextList(maxItems: number, maxLength: number, options: FieldOptions = {}): PropertyDecorator {
  return applyDecorators(
    ...presence(options),
    ArrayMinSize(1),
    ArrayMaxSize(maxItems),
    IsString({ each: true }),
    IsNotEmpty({ each: true }),
    Matches(NOT_BLANK, { each: true, message: 'each value in $property must not be blank' }),
    MaxLength(maxLength, { each: true }),
    documented({ type: [String], minItems: 1, maxItems }, options),
  );
}

export function OneOf(values: readonly string[], options: FieldOptions = {}): PropertyDecorator {
  return applyDecorators(
    ...presence(options),
    IsIn(values as string[], { message: `$property must be one of: ${values.join(', ')}` }),
    documented({ enum: values, type: String }, options),
  );
}

export function Instant(options: FieldOptions = {}): PropertyDecorator {
  return applyDecorators(
    ...presence(options),
    IsISO8601(
      { strict: true, strictSeparator: true },
      { message: '$property must be an ISO-8601 date-time, e.g. 2026-01-31T09:30:00Z' },
    ),
    documented({ type: String, format: 'date-time' }, options),
  );
}

export function Flag(options: FieldOptions = {}): PropertyDecorator {
  return applyDecorators(...presence(options), IsBoolean(), documented({ type: Boolean }, options));
}

export function WholeNumber(min: number, max: number, options: FieldOptions = {}): PropertyDecorator {
  return applyDecorators(
    ...presence(options),
    IsInt(),
    Min(min),
    Max(max),
    documented({ type: Number, minimum: min, maximum: max }, options),
  );
}

export function Amount(options: FieldOptions = {}): PropertyDecorator {
  return applyDecorators(
    ...presence(options),
    IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 4 }),
    Min(0),
    Max(1_000_000_000),
    documented({ type: Number, minimum: 0 }, options),
  );
}

export function Nested(type: () => new () => object, options: FieldOptions = {}): PropertyDecorator {
  return applyDecorators(...presence(options), ValidateNested(), Type(type), documented({ type }, options));
}

/** A complaint id (a UUID), e.g. the primary of a merge. */
export function ComplaintId(options: FieldOptions = {}): PropertyDecorator {
  return applyDecorators(
    ...presence(options),
    IsUUID('all', { message: '$property must be a complaint id (a UUID)' }),
    documented({ type: String, format: 'uuid' }, options),
  );
}
