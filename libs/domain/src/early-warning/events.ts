import { versionedEventReader, type DomainEvent } from '../versioned-events';
import type { WarningFacts } from './commands';

export type EarlyWarningTriggered = DomainEvent<
  'EarlyWarningTriggered',
  WarningFacts & { evidence: string[]; triggeredAt: string }
>;
export type EarlyWarningAcknowledged = DomainEvent<
  'EarlyWarningAcknowledged',
  { note: string | null; acknowledgedAt: string }
>;
export type EarlyWarningResolved = DomainEvent<'EarlyWarningResolved', { resolution: string; resolvedAt: string }>;

export type EarlyWarningEvent = EarlyWarningTriggered | EarlyWarningAcknowledged | EarlyWarningResolved;
export type EarlyWarningEventType = EarlyWarningEvent['type'];

export const EARLY_WARNING_EVENT_SCHEMA_VERSIONS: Readonly<Record<EarlyWarningEventType, number>> = {
  EarlyWarningTriggered: 1,
  EarlyWarningAcknowledged: 1,
  EarlyWarningResolved: 1,
};

export const upcastEarlyWarningEvent = versionedEventReader<EarlyWarningEvent>(EARLY_WARNING_EVENT_SCHEMA_VERSIONS);
