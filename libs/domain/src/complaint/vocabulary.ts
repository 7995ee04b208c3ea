/**
 * The closed vocabularies of the complaint domain. Each list is the single
 * source for the TypeScript type, request validation and published schemas.
 * Sources: ../shared/domain/complaint-handling-guide.md §2 and §8 (REQ-01,
 * REQ-03, REQ-06, REQ-07, REQ-12) and service-guides.md §8 (REQ-03).
 */

/** Intake channels (REQ-01 of the complaint guide plus the service guides' list). */
export const CHANNELS = [
  'PHONE',
  'EMAIL',
  'ONLINE_CHAT',
  'WEB_FORM',
  'ON_SITE',
  'SOCIAL_MEDIA',
  'SMS',
  'APP',
  'LETTER',
  'CALL_CENTER',
] as const;
export type Channel = (typeof CHANNELS)[number];

/** Customer tiers (002 §7.1: 高价值客户 / 普通客户). */
export const CUSTOMER_TIERS = ['HIGH_VALUE', 'ORDINARY'] as const;
export type CustomerTier = (typeof CUSTOMER_TIERS)[number];

/**
 * The five complaint categories of 002 §1.1. Staff or service *attitude*
 * belongs to OTHER, every other service-delivery issue to SERVICE_QUALITY
 * (the precedence rule REQ-03 asks for, since 002 lists attitude under both).
 */
export const CATEGORIES = [
  'SERVICE_QUALITY',
  'PRODUCT_FUNCTION',
  'SYSTEM_TECHNICAL',
  'POLICY_PROCESS',
  'OTHER',
] as const;
export type Category = (typeof CATEGORIES)[number];

/** 一般 / 严重 / 紧急 (002 §8.1 case 2). */
export const GRADES = ['GENERAL', 'SERIOUS', 'URGENT'] as const;
export type Grade = (typeof GRADES)[number];

/** Handling priority (002 §1.2 step 4 names it without a scale); P1 is the most urgent. */
export const PRIORITIES = ['P1', 'P2', 'P3', 'P4'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** What the complaint is about (投诉对象, 000 §5.1.2). */
export const COMPLAINT_OBJECT_KINDS = [
  'PRODUCT',
  'SERVICE',
  'STAFF',
  'DEPARTMENT',
  'POLICY',
  'SYSTEM',
  'OTHER',
] as const;
export type ComplaintObjectKind = (typeof COMPLAINT_OBJECT_KINDS)[number];

/** Escalation levels, in ascending order of authority. */
export const ESCALATION_LEVELS = ['SUPERVISOR', 'MANAGEMENT', 'EXECUTIVE'] as const;
export type EscalationLevel = (typeof ESCALATION_LEVELS)[number];

/** Specialist teams an escalation may bring in (000 §6.1; service guides REQ-30). */
export const ESCALATION_TEAMS = ['TECH_SUPPORT', 'LEGAL', 'COMPLAINT_SPECIALIST', 'EMERGENCY_RESPONSE'] as const;
export type EscalationTeam = (typeof ESCALATION_TEAMS)[number];

/**
 * Kinds of service incident (service guides REQ-34): 客戶投訴事件, 服務中斷事件,
 * 客戶行為異常事件, 服務流程失誤事件.
 */
export const INCIDENT_TYPES = [
  'CUSTOMER_COMPLAINT',
  'SERVICE_INTERRUPTION',
  'ABNORMAL_CUSTOMER_BEHAVIOUR',
  'SERVICE_PROCESS_ERROR',
] as const;
export type IncidentType = (typeof INCIDENT_TYPES)[number];

/** How far a regulator lets a deadline be extended: 1 by the firm, 2 with head-office approval (NFRA). */
export const SLA_EXTENSION_LEVELS = [1, 2] as const;
export type SlaExtensionLevel = (typeof SLA_EXTENSION_LEVELS)[number];

/** What an SLA timer records: a warning threshold crossed, or the deadline passed. */
export const SLA_ALERT_KINDS = ['WARNING', 'BREACH'] as const;
export type SlaAlertKind = (typeof SLA_ALERT_KINDS)[number];

/** Root-cause categories (REQ-06). */
export const ROOT_CAUSE_CATEGORIES = [
  'PRODUCT_SERVICE_DEFECT',
  'COMMUNICATION',
  'PROCESS_NONCOMPLIANCE',
  'STAFF_TRAINING',
  'SYSTEM_FAILURE',
  'RESOURCE_ALLOCATION',
  'STAFF_QUALITY',
  'SERVICE_DISSATISFACTION',
] as const;
export type RootCauseCategory = (typeof ROOT_CAUSE_CATEGORIES)[number];

/** Remedy kinds a compensation can take (service guides REQ-12). */
export const COMPENSATION_KINDS = [
  'REFUND',
  'COMPENSATION_PAYMENT',
  'REPLACEMENT',
  'REPAIR',
  'VOUCHER',
  'DISCOUNT',
  'FREE_SERVICE',
  'GIFT',
  'OTHER',
] as const;
export type CompensationKind = (typeof COMPENSATION_KINDS)[number];

/** Channels a follow-up may use (002 §3.3: 电话、邮件或在线聊天, plus a visit). */
export const FOLLOW_UP_CHANNELS = ['PHONE', 'EMAIL', 'ONLINE_CHAT', 'SMS', 'ON_SITE'] as const;
export type FollowUpChannel = (typeof FOLLOW_UP_CHANNELS)[number];

/** How an effect was verified (002 §1.3: 满意度调查、服务反馈). */
export const VERIFICATION_METHODS = ['SURVEY', 'SERVICE_FEEDBACK'] as const;
export type VerificationMethod = (typeof VERIFICATION_METHODS)[number];

/** Archive categories (REQ-29). */
export const ARCHIVE_CATEGORIES = [
  'PRODUCT_DEFECT',
  'SERVICE_PROCESS',
  'COMMUNICATION',
  'POLICY',
  'SYSTEM',
  'OTHER',
] as const;
export type ArchiveCategory = (typeof ARCHIVE_CATEGORIES)[number];

export function isOneOf<T extends string>(values: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (values as readonly string[]).includes(value);
}
