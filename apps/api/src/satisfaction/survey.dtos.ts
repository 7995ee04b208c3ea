import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, ValidateIf } from 'class-validator';
import {
  CUSTOMER_TIERS,
  SURVEY_CHANNELS,
  SURVEY_SUBJECT_KINDS,
  type CustomerTier,
  type SurveyChannel,
  type SurveySubject,
  type SurveySubjectKind,
} from '@redress/domain';
import { Instant, Nested, OneOf, Text, WholeNumber } from '@redress/command-contracts';

/**
 * Request bodies of the survey commands. They check shape and types; the
 * survey decider checks the answers against the questionnaire and its
 * scales (an out-of-range answer is a 400 naming the item, e.g. answers.CSAT).
 */
const ID = 200;
const LONG = 4000;

export class QuestionnaireReferenceDto {
  @Text(ID, { example: 'complaint-handling' })
  id!: string;

  @WholeNumber(1, 10_000, { example: 1 })
  version!: number;
}

export class SurveySubjectDto {
  @OneOf(SURVEY_SUBJECT_KINDS, { description: 'A complaint, or a customer for a periodic survey' })
  kind!: SurveySubjectKind;

  // Required with its kind only: ValidateIf skips the (required) checks for the other kind.
  @ValidateIf((subject: SurveySubjectDto) => subject.kind === 'COMPLAINT')
  @Text(ID, { description: 'Required with kind COMPLAINT' })
  complaintId?: string;

  @ValidateIf((subject: SurveySubjectDto) => subject.kind === 'CUSTOMER')
  @Text(ID, { description: 'Required with kind CUSTOMER: the CRM id' })
  customerId?: string;

  @OneOf(CUSTOMER_TIERS, { optional: true, description: 'With kind CUSTOMER, when the CRM knows it' })
  customerTier?: CustomerTier;
}

/** Item → value, e.g. {"CSAT": 4, "NPS": 9, "CES": 6, "EFFICIENCY": 5}. */
function Answers(): PropertyDecorator {
  return (target, key) => {
    IsObject({ message: 'answers must be an object of item → value, e.g. {"CSAT": 4, "NPS": 9}' })(target, key);
    ApiProperty({
      type: 'object',
      additionalProperties: { type: 'integer' },
      description:
        'Item → value. Items and scales: EFFICIENCY, RELIABILITY, PROFESSIONALISM, EMOTIONAL, FOLLOW_UP_SUPPORT, LOYALTY and CSAT 1–5; NPS 0–10; CES 1–7',
      example: { CSAT: 4, NPS: 9, CES: 6 },
    })(target, key);
  };
}

export class SendSurveyDto {
  @Nested(() => QuestionnaireReferenceDto)
  questionnaire!: QuestionnaireReferenceDto;

  @Nested(() => SurveySubjectDto)
  subject!: SurveySubjectDto;

  @OneOf(SURVEY_CHANNELS, { description: 'How the invitation reaches the customer' })
  channel!: SurveyChannel;
}

/** Answers to an invitation (POST /surveys/:id/answers). */
/** What every response carries. */
class ResponseFieldsDto {
  @Answers()
  answers!: Record<string, unknown>;

  @Instant({ optional: true, description: 'When the customer answered, for answers keyed in later' })
  respondedAt?: string;

  @Text(LONG, { optional: true })
  comment?: string;
}

/** Answers to an invitation (POST /surveys/:id/answers). */
export class AnswerSurveyDto extends ResponseFieldsDto {
  @OneOf(SURVEY_CHANNELS, { optional: true, description: "How the customer answered; defaults to the invitation's" })
  channel?: SurveyChannel;
}

/** A response without an invitation (POST /surveys): the invitation is recorded with it. */
export class RecordSurveyDto extends ResponseFieldsDto {
  @Nested(() => QuestionnaireReferenceDto)
  questionnaire!: QuestionnaireReferenceDto;

  @Nested(() => SurveySubjectDto)
  subject!: SurveySubjectDto;

  @OneOf(SURVEY_CHANNELS, { description: 'How the survey was taken' })
  channel!: SurveyChannel;
}

/** Replaces the answers of a response (PUT /surveys/:id). */
export class ChangeSurveyDto {
  @Answers()
  answers!: Record<string, unknown>;

  @Text(LONG, { description: 'Why the answers change, e.g. the customer revised the rating' })
  reason!: string;

  @Text(LONG, { optional: true })
  comment?: string;
}

export class AcknowledgeWarningDto {
  @Text(LONG, { optional: true })
  @ApiPropertyOptional()
  note?: string;
}

export class ResolveWarningDto {
  @Text(LONG, { description: 'What was done about it' })
  resolution!: string;
}

/** The domain's subject from the validated DTO. */
export function surveySubjectOf(dto: SurveySubjectDto): SurveySubject {
  return dto.kind === 'COMPLAINT'
    ? { kind: 'COMPLAINT', complaintId: dto.complaintId as string }
    : { kind: 'CUSTOMER', customerId: dto.customerId as string, customerTier: dto.customerTier ?? null };
}
