import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';

export const AUDIT_PACK_FORMATS = ['json', 'csv', 'pdf'] as const;
export type AuditPackFormat = (typeof AUDIT_PACK_FORMATS)[number];

export class AuditPackQueryDto {
  @ApiPropertyOptional({
    enum: AUDIT_PACK_FORMATS,
    description: 'Overrides the Accept header: json (default), csv or pdf.',
  })
  @IsOptional()
  @IsIn(AUDIT_PACK_FORMATS)
  format?: AuditPackFormat;
}
