/**
 * Event types the shipped policy packs rely on that the complaint domain does
 * not emit yet, with the fields the packs read. Until the domain adds them the
 * clocks that need them simply never stop (or start); the shipped-policy test
 * fails if a pack mentions an event that is neither a domain event nor here.
 */
export const PLANNED_DOMAIN_EVENTS: Readonly<Record<string, { fields: string; usedBy: string }>> = {
  ComplaintAcknowledged: {
    fields: '{ acknowledgedAt, channel }',
    usedBy:
      'first response / acknowledgement: guides-standard firstResponse, guides-rapid respond, asic-rg271 acknowledgement',
  },
  PreliminaryHandlingCompleted: {
    fields: '{ completedAt, summary }',
    usedBy: 'guides-standard preliminaryHandling (REQ-21, 48 h)',
  },
  DetailedFeedbackSent: {
    fields: '{ sentAt, feedback }',
    usedBy: 'guides-standard detailedFeedback (REQ-21, 72 h; FeedbackReportSent also stops it)',
  },
  CustomerInformationRequested: {
    fields: '{ requestedAt, what }',
    usedBy: 'waiting for the customer: pauses guides-standard complex clocks and guides-rapid understand/resolve',
  },
  CustomerInformationProvided: {
    fields: '{ providedAt }',
    usedBy: 'ends the waiting-for-customer pause',
  },
  ProblemClarified: {
    fields: '{ clarifiedAt, summary }',
    usedBy: 'guides-rapid understand (60 min; RootCauseIdentified also stops it)',
  },
  ServiceIncidentDeclared: {
    fields: '{ incidentType, occurredAt }',
    usedBy: 'incident emergencyActivation start, counted from data.occurredAt (service guides REQ-34)',
  },
  EmergencyPlanActivated: {
    fields: '{ activatedAt, plan }',
    usedBy: 'incident emergencyActivation stop (service guides REQ-23)',
  },
  FinalResponseSent: {
    fields: '{ sentAt, outcome }',
    usedBy: 'the regulatory final response: fca-disp, cfpb, nfra, asic-rg271, eu-psd2',
  },
  HoldingResponseSent: {
    fields: '{ sentAt, reason, expectedBy }',
    usedBy: 'FCA holding response, CFPB "in progress", PSD2 holding reply (extends the reply to 35 business days)',
  },
  EarlyResolutionConfirmed: {
    fields: '{ confirmedAt, summaryCommunicationSent }',
    usedBy: 'FCA DISP 1.5 summary resolution; ASIC RG 271 resolution within 5 business days (cancels the long clocks)',
  },
  SlaExtensionNotified: {
    fields: '{ clock, level, approvedBy, reason, notifiedAt }',
    usedBy:
      'nfra decision: level 1 extends to 30 days, level 2 (head-office approval) to 60, with notice to the complainant',
  },
  ExternalAppraisalStarted: {
    fields: '{ startedAt, kind }',
    usedBy: 'nfra decision pause: external appraisal, testing or assessment is excluded from the limit',
  },
  ExternalAppraisalCompleted: {
    fields: '{ completedAt }',
    usedBy: 'ends the nfra appraisal pause',
  },
};
