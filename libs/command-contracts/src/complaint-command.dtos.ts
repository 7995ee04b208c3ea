import {
  ARCHIVE_CATEGORIES,
  CATEGORIES,
  CHANNELS,
  COMPENSATION_KINDS,
  COMPLAINT_OBJECT_KINDS,
  CUSTOMER_TIERS,
  ESCALATION_LEVELS,
  ESCALATION_TEAMS,
  FOLLOW_UP_CHANNELS,
  GRADES,
  INCIDENT_TYPES,
  PRIORITIES,
  ROOT_CAUSE_CATEGORIES,
  SLA_EXTENSION_LEVELS,
  VERIFICATION_METHODS,
  type ArchiveCategory,
  type Category,
  type Channel,
  type CompensationKind,
  type ComplaintObjectKind,
  type CustomerTier,
  type EscalationLevel,
  type EscalationTeam,
  type FollowUpChannel,
  type Grade,
  type IncidentType,
  type Priority,
  type RootCauseCategory,
  type SlaExtensionLevel,
  type VerificationMethod,
} from '@redress/domain';
import { Amount, Flag, Instant, Nested, OneOf, Text, TextList, WholeNumber } from './field-decorators';

/**
 * Request bodies of the complaint commands. They check shape and types; the
 * decider checks the domain rules (states, time order, vague updates).
 */
const ID = 200;
const SHORT = 500;
const LONG = 4000;
const CONTENT = 20_000;
const LIST = 50;

/**
 * The customer's personal data, when the intake has it. Sealed with the
 * customer's own key before anything is stored: the log, read models and
 * Kafka never hold it in plaintext, and POST /customers/:id/erase makes it
 * unreadable everywhere.
 */
export class PersonalDataDto {
  @Text(SHORT, { optional: true, description: "The customer's name", example: '张伟' })
  name?: string;

  @Text(ID, { optional: true, description: 'A telephone number', example: '+86 138 0013 8000' })
  phone?: string;

  @Text(ID, { optional: true, description: 'An e-mail address', example: 'zhang.wei@example.com' })
  email?: string;

  @Text(SHORT, { optional: true, description: 'A postal address' })
  address?: string;
}

export class CustomerReferenceDto {
  @Text(ID, { description: "The customer's id in the CRM", example: 'CUST-1042' })
  id!: string;

  @OneOf(CUSTOMER_TIERS)
  tier!: CustomerTier;

  @Nested(() => PersonalDataDto, { optional: true })
  personal?: PersonalDataDto;
}

export class ComplaintObjectDto {
  @OneOf(COMPLAINT_OBJECT_KINDS)
  kind!: ComplaintObjectKind;

  @Text(SHORT, { description: 'Product code, branch, employee number, policy…', example: 'ROUTER-X200' })
  reference!: string;
}

export class ReceiveComplaintDto {
  @OneOf(CHANNELS)
  channel!: Channel;

  @Nested(() => CustomerReferenceDto)
  customer!: CustomerReferenceDto;

  @Text(CONTENT, { description: 'What the customer said, in full' })
  content!: string;

  @Text(LONG, { description: 'The reason for complaining (投诉原因)' })
  reason!: string;

  @Nested(() => ComplaintObjectDto, { description: 'What the complaint is about (投诉对象)' })
  object!: ComplaintObjectDto;

  @Text(LONG, { description: 'The remedy the customer asks for' })
  remedySought!: string;

  @Instant({ description: 'When the problem happened' })
  occurredAt!: string;

  @Instant({ optional: true, description: 'When the complaint reached the organisation; defaults to now' })
  receivedAt?: string;

  @OneOf(CATEGORIES, { optional: true, description: 'Classify at receipt (optional)' })
  category?: Category;
}

export class ClassifyComplaintDto {
  @OneOf(CATEGORIES)
  category!: Category;

  @Text(LONG, { optional: true, description: 'Required to reclassify' })
  reason?: string;
}

export class TriageComplaintDto {
  @OneOf(GRADES)
  grade!: Grade;

  @OneOf(PRIORITIES)
  priority!: Priority;

  @Flag({ description: 'Complex or involving several departments (starts the 48 h / 72 h clocks)' })
  isComplex!: boolean;
}

export class AssignComplaintDto {
  @Text(ID)
  department!: string;

  @Text(ID)
  assignee!: string;

  @Text(LONG, { optional: true, description: 'Required to reassign' })
  reason?: string;
}

export class EscalateComplaintDto {
  @OneOf(ESCALATION_LEVELS)
  level!: EscalationLevel;

  @Text(LONG)
  reason!: string;

  @OneOf(ESCALATION_TEAMS, { optional: true })
  team?: EscalationTeam;
}

export class RecordRootCauseDto {
  @Text(LONG)
  rootCause!: string;

  @OneOf(ROOT_CAUSE_CATEGORIES)
  category!: RootCauseCategory;

  @Text(ID)
  responsibleDepartment!: string;

  @Text(ID)
  responsiblePerson!: string;
}

export class CompensationDto {
  @OneOf(COMPENSATION_KINDS)
  kind!: CompensationKind;

  @Amount({ optional: true })
  amount?: number;

  @Text(3, { optional: true, description: 'ISO 4217, required with an amount', example: 'CNY' })
  currency?: string;

  @Text(LONG, { optional: true })
  description?: string;
}

export class ProposeResolutionDto {
  @Text(LONG)
  plan!: string;

  @TextList(LIST, LONG)
  measures!: string[];

  @Nested(() => CompensationDto, { optional: true })
  compensation?: CompensationDto;
}

export class ExecuteResolutionDto {
  @Text(LONG)
  outcome!: string;
}

export class SendProgressUpdateDto {
  @Text(LONG, { description: 'What has been done so far; vague stock phrases are refused' })
  progress!: string;

  @Text(LONG)
  cause!: string;

  @Text(LONG)
  measures!: string;

  @Text(SHORT)
  stage!: string;

  @Text(ID)
  responsiblePerson!: string;

  @Instant()
  expectedCompletionAt!: string;
}

export class InformCustomerOfResultDto {
  @Text(LONG)
  result!: string;

  @OneOf(CHANNELS)
  channel!: Channel;
}

export class RecordCustomerResponseDto {
  @Flag({ description: 'true: the customer confirms the result; false: rejects it, which reopens the complaint' })
  accepted!: boolean;

  @Text(LONG, { optional: true, description: 'Required when rejected' })
  reason?: string;
}

export class SendFeedbackReportDto {
  @Text(LONG)
  result!: string;

  @TextList(LIST, LONG)
  improvementMeasures!: string[];

  @Text(LONG)
  followUpPlan!: string;
}

export class RecordFollowUpDto {
  @OneOf(FOLLOW_UP_CHANNELS)
  channel!: FollowUpChannel;

  @Flag()
  satisfied!: boolean;

  @WholeNumber(1, 5, { optional: true })
  score?: number;

  @Text(LONG, { optional: true })
  notes?: string;
}

export class VerifyEffectDto {
  @OneOf(VERIFICATION_METHODS)
  method!: VerificationMethod;

  @Flag()
  resolved!: boolean;

  @Text(LONG, { optional: true })
  notes?: string;
}

export class CloseComplaintDto {
  @Text(LONG, { optional: true })
  summary?: string;
}

export class ReasonDto {
  @Text(LONG)
  reason!: string;
}

export class ArchiveComplaintDto {
  @OneOf(ARCHIVE_CATEGORIES)
  archiveCategory!: ArchiveCategory;
}

export class AcknowledgeComplaintDto {
  @OneOf(CHANNELS, { description: 'How the customer was told the complaint is received and being handled' })
  channel!: Channel;

  @Text(LONG, { optional: true, example: 'We have your complaint and will call you back by 18:00 tomorrow' })
  message?: string;
}

export class SummaryDto {
  @Text(LONG)
  summary!: string;
}

export class SendDetailedFeedbackDto {
  @Text(LONG, { description: 'What was found, what is being done and what happens next' })
  feedback!: string;
}

export class RequestCustomerInformationDto {
  @Text(LONG, { description: 'What the customer is asked to supply', example: 'A photo of the damaged parcel' })
  what!: string;
}

export class RecordCustomerInformationDto {
  @Text(LONG, { description: 'What the customer supplied' })
  information!: string;
}

export class DeclareServiceIncidentDto {
  @OneOf(INCIDENT_TYPES)
  incidentType!: IncidentType;

  @Text(LONG)
  description!: string;

  @Instant({ description: 'When the incident happened; the emergency-activation clock counts from here' })
  occurredAt!: string;
}

export class ActivateEmergencyPlanDto {
  @Text(LONG, { description: 'Which plan is in force and what it sets in motion' })
  plan!: string;
}

export class SendFinalResponseDto {
  @Text(LONG, { description: "The firm's final position, with the referral rights the regulator requires" })
  outcome!: string;
}

export class SendHoldingResponseDto {
  @Text(LONG, { description: 'Why the final response is not ready yet' })
  reason!: string;

  @Instant({ description: 'When the final response will be sent' })
  expectedBy!: string;
}

export class ConfirmEarlyResolutionDto {
  @Flag({ description: 'Whether the summary resolution communication was sent to the customer' })
  summaryCommunicationSent!: boolean;
}

export class NotifySlaExtensionDto {
  @Text(ID, { description: 'The policy clock whose deadline is extended', example: 'decision' })
  clock!: string;

  @WholeNumber(SLA_EXTENSION_LEVELS[0], SLA_EXTENSION_LEVELS[SLA_EXTENSION_LEVELS.length - 1], {
    description: '1: extended by the firm; 2: with head-office approval',
  })
  level!: SlaExtensionLevel;

  @Text(ID)
  approvedBy!: string;

  @Text(LONG)
  reason!: string;
}

export class StartExternalAppraisalDto {
  @Text(SHORT, { description: 'What is appraised, tested or assessed, and by whom' })
  kind!: string;
}

export class CompleteExternalAppraisalDto {
  @Text(LONG)
  findings!: string;
}
