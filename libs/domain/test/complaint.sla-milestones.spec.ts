/** The milestones SLA clocks stop, pause and resume on: acknowledgement, clarification, preliminary handling, detailed feedback, waiting for the customer. */
import { InvalidCommandError, PreconditionFailedError } from '@redress/domain';
import {
  DAY,
  EVENTS,
  HISTORY,
  HOUR,
  MUST_BE_INSTANT,
  MUST_BE_TEXT,
  NOW,
  at,
  command,
  event,
  given,
  violation,
} from './given-when-then';

describe('AcknowledgeComplaint', () => {
  it('records the first response with its channel and message, at the command instant', () => {
    const { state } = given(...HISTORY.RECEIVED)
      .when(command('AcknowledgeComplaint'))
      .then(
        event('ComplaintAcknowledged', {
          channel: 'SMS',
          message: 'We have your complaint about the double charge and are checking the March billing run',
          acknowledgedAt: NOW,
        }),
      );
    expect(state).toMatchObject({ status: 'RECEIVED', acknowledgedAt: NOW });
  });

  it('records a null message when none is given', () => {
    given(...HISTORY.ASSIGNED)
      .when(command('AcknowledgeComplaint', { message: undefined, channel: 'PHONE' }))
      .then(event('ComplaintAcknowledged', { channel: 'PHONE', message: null, acknowledgedAt: NOW }));
  });

  it('is given once: a second acknowledgement would move the first-response stop', () => {
    const acknowledged = event('ComplaintAcknowledged', { channel: 'SMS', message: null, acknowledgedAt: at(HOUR) });
    given(...HISTORY.TRIAGED, acknowledged)
      .when(command('AcknowledgeComplaint'))
      .thenThrows(PreconditionFailedError, {
        unmetConditions: [`the complaint was already acknowledged at ${at(HOUR)}`],
      });
  });

  it('checks the channel against the vocabulary before the message', () => {
    given(...HISTORY.RECEIVED)
      .when(command('AcknowledgeComplaint', { message: '  ', channel: 'PIGEON' as never }))
      .thenThrows(InvalidCommandError, {
        violations: [
          violation('channel', expect.stringContaining('must be one of: PHONE, EMAIL') as unknown as string),
        ],
      });
    given(...HISTORY.RECEIVED)
      .when(command('AcknowledgeComplaint', { message: '  ' }))
      .thenThrows(InvalidCommandError, { violations: [violation('message', MUST_BE_TEXT)] });
  });
});

describe('ClarifyProblem', () => {
  it('records the understood problem without changing the status', () => {
    const { state } = given(...HISTORY.CLASSIFIED)
      .when(command('ClarifyProblem'))
      .then(
        event('ProblemClarified', {
          summary: 'the customer was billed twice for March; the second charge matches a batch re-run',
          clarifiedAt: NOW,
        }),
      );
    expect(state).toMatchObject({ status: 'CLASSIFIED', problemClarifiedAt: NOW });
  });

  it('requires a summary', () => {
    given(...HISTORY.RECEIVED)
      .when(command('ClarifyProblem', { summary: '' }))
      .thenThrows(InvalidCommandError, { violations: [violation('summary', MUST_BE_TEXT)] });
  });
});

describe('CompletePreliminaryHandling', () => {
  it('records the completion once per complaint', () => {
    const completed = event('PreliminaryHandlingCompleted', {
      summary: 'duplicate charge confirmed and frozen pending refund',
      completedAt: NOW,
    });
    const { state } = given(...HISTORY.ASSIGNED)
      .when(command('CompletePreliminaryHandling'))
      .then(completed);
    expect(state.preliminaryHandlingCompletedAt).toBe(NOW);

    given(...HISTORY.ASSIGNED, { ...completed, data: { ...completed.data, completedAt: at(HOUR) } })
      .when(command('CompletePreliminaryHandling'))
      .thenThrows(PreconditionFailedError, {
        unmetConditions: [`preliminary handling was already completed at ${at(HOUR)}`],
      });
  });

  it('requires a summary', () => {
    given(...HISTORY.TRIAGED)
      .when(command('CompletePreliminaryHandling', { summary: undefined }))
      .thenThrows(InvalidCommandError, { violations: [violation('summary', MUST_BE_TEXT)] });
  });
});

describe('SendDetailedFeedback', () => {
  it('may be sent again as the analysis moves on; the state keeps the latest', () => {
    const earlier = event('DetailedFeedbackSent', { feedback: 'the batch logs are being read', sentAt: at(HOUR) });
    const { state } = given(...HISTORY.ROOT_CAUSE_IDENTIFIED, earlier)
      .when(command('SendDetailedFeedback'))
      .then(
        event('DetailedFeedbackSent', {
          feedback: 'the batch re-ran after a scheduler retry; Finance will refund 25.50 CNY by Friday',
          sentAt: NOW,
        }),
      );
    expect(state.detailedFeedbackSentAt).toBe(NOW);
  });

  it('requires the feedback', () => {
    given(...HISTORY.ASSIGNED)
      .when(command('SendDetailedFeedback', { feedback: ' ' }))
      .thenThrows(InvalidCommandError, { violations: [violation('feedback', MUST_BE_TEXT)] });
  });
});

describe('waiting for the customer', () => {
  it('requests information and records the wait, then ends it when the customer answers', () => {
    const { state: waiting } = given(...HISTORY.ASSIGNED)
      .when(command('RequestCustomerInformation'))
      .then(
        event('CustomerInformationRequested', {
          what: 'the last four digits of the card that was charged',
          requestedAt: NOW,
        }),
      );
    expect(waiting.awaitingCustomerInformation).toEqual({
      what: 'the last four digits of the card that was charged',
      since: NOW,
    });

    const { state: answered } = given(...HISTORY.ASSIGNED, EVENTS.informationRequested)
      .when(command('RecordCustomerInformation'))
      .then(event('CustomerInformationProvided', { information: 'card ending 4242', providedAt: NOW }));
    expect(answered.awaitingCustomerInformation).toBeNull();
  });

  it('refuses a second request while one is open: the pause would start twice', () => {
    given(...HISTORY.ASSIGNED, EVENTS.informationRequested)
      .when(command('RequestCustomerInformation'))
      .thenThrows(PreconditionFailedError, {
        unmetConditions: [
          `the customer was already asked for "a copy of the March bank statement" at ${at(HOUR)}; record that information first`,
        ],
      });
  });

  it('refuses information nobody asked for', () => {
    given(...HISTORY.ASSIGNED)
      .when(command('RecordCustomerInformation'))
      .thenThrows(PreconditionFailedError, { unmetConditions: ['no information was requested from the customer'] });
  });

  it('requires the texts', () => {
    given(...HISTORY.ASSIGNED)
      .when(command('RequestCustomerInformation', { what: '' }))
      .thenThrows(InvalidCommandError, { violations: [violation('what', MUST_BE_TEXT)] });
    given(...HISTORY.ASSIGNED, EVENTS.informationRequested)
      .when(command('RecordCustomerInformation', { information: undefined }))
      .thenThrows(InvalidCommandError, { violations: [violation('information', MUST_BE_TEXT)] });
  });
});

describe('DeclareServiceIncident and ActivateEmergencyPlan', () => {
  it('declares an incident with the instant it occurred, canonicalised, once', () => {
    const { state } = given(...HISTORY.ASSIGNED)
      .when(command('DeclareServiceIncident', { occurredAt: '2026-04-01T07:59:00+08:00' }))
      .then(
        event('ServiceIncidentDeclared', {
          incidentType: 'SERVICE_PROCESS_ERROR',
          description: 'the billing batch charged 3,000 customers twice',
          occurredAt: '2026-03-31T23:59:00.000Z',
          declaredAt: NOW,
        }),
      );
    expect(state.incident).toEqual({
      type: 'SERVICE_PROCESS_ERROR',
      occurredAt: '2026-03-31T23:59:00.000Z',
      declaredAt: NOW,
    });

    given(...HISTORY.ASSIGNED, EVENTS.incidentDeclared)
      .when(command('DeclareServiceIncident'))
      .thenThrows(PreconditionFailedError, {
        unmetConditions: [`a SERVICE_INTERRUPTION incident was already declared at ${at(HOUR)}`],
      });
  });

  it('refuses an incident from the future, a bad instant, a blank description and an unknown type', () => {
    given(...HISTORY.ASSIGNED)
      .when(command('DeclareServiceIncident', { occurredAt: at(30 * DAY + HOUR), description: '' }))
      .thenThrows(InvalidCommandError, {
        violations: [violation('description', MUST_BE_TEXT), violation('occurredAt', 'must not be in the future')],
      });
    given(...HISTORY.ASSIGNED)
      .when(command('DeclareServiceIncident', { occurredAt: '2026-02-30T10:00:00Z' }))
      .thenThrows(InvalidCommandError, { violations: [violation('occurredAt', MUST_BE_INSTANT)] });
    given(...HISTORY.ASSIGNED)
      .when(command('DeclareServiceIncident', { incidentType: 'FIRE' as never }))
      .thenThrows(InvalidCommandError, { violations: [violation('incidentType', expect.any(String) as never)] });
  });

  it('activates the emergency plan once, after an incident or an escalation to the emergency team', () => {
    const activated = event('EmergencyPlanActivated', {
      plan: 'billing incident plan B: freeze the batch, notify affected customers',
      activatedAt: NOW,
    });
    const { state } = given(...HISTORY.ASSIGNED, EVENTS.incidentDeclared)
      .when(command('ActivateEmergencyPlan'))
      .then(activated);
    expect(state.emergencyPlanActivatedAt).toBe(NOW);

    const toEmergencyTeam = event('ComplaintEscalated', {
      previousLevel: null,
      level: 'MANAGEMENT',
      reason: 'mass double charge',
      team: 'EMERGENCY_RESPONSE',
    });
    given(...HISTORY.ASSIGNED, toEmergencyTeam)
      .when(command('ActivateEmergencyPlan'))
      .then(activated);

    given(...HISTORY.ASSIGNED)
      .when(command('ActivateEmergencyPlan'))
      .thenThrows(PreconditionFailedError, {
        unmetConditions: ['declare a service incident or escalate to the EMERGENCY_RESPONSE team first'],
      });
    given(...HISTORY.ASSIGNED, EVENTS.incidentDeclared, {
      ...activated,
      data: { ...activated.data, activatedAt: at(2 * HOUR) },
    })
      .when(command('ActivateEmergencyPlan'))
      .thenThrows(PreconditionFailedError, {
        unmetConditions: [`the emergency plan was already activated at ${at(2 * HOUR)}`],
      });
  });
});

describe('regulatory responses', () => {
  it('sends the final response', () => {
    const { state } = given(...HISTORY.RESOLUTION_EXECUTED)
      .when(command('SendFinalResponse'))
      .then(
        event('FinalResponseSent', {
          outcome: 'complaint upheld; 25.50 CNY refunded; you may refer this to the ombudsman within 6 months',
          sentAt: NOW,
        }),
      );
    expect(state.finalResponseSentAt).toBe(NOW);
    given(...HISTORY.ASSIGNED)
      .when(command('SendFinalResponse', { outcome: ' ' }))
      .thenThrows(InvalidCommandError, { violations: [violation('outcome', MUST_BE_TEXT)] });
  });

  it('sends a holding response that names a future date for the final one', () => {
    given(...HISTORY.ASSIGNED)
      .when(command('SendHoldingResponse', { expectedBy: '2026-05-01T12:00:00+02:00' }))
      .then(
        event('HoldingResponseSent', {
          reason: 'the bank has not yet confirmed the reversal',
          expectedBy: '2026-05-01T10:00:00.000Z',
          sentAt: NOW,
        }),
      );
    given(...HISTORY.ASSIGNED)
      .when(command('SendHoldingResponse', { expectedBy: NOW, reason: '' }))
      .thenThrows(InvalidCommandError, {
        violations: [violation('reason', MUST_BE_TEXT), violation('expectedBy', 'must be in the future')],
      });
  });

  it('confirms an early resolution once, saying whether the summary communication went out', () => {
    const { state } = given(...HISTORY.CLASSIFIED)
      .when(command('ConfirmEarlyResolution', { summaryCommunicationSent: false }))
      .then(event('EarlyResolutionConfirmed', { summaryCommunicationSent: false, confirmedAt: NOW }));
    expect(state.earlyResolutionConfirmedAt).toBe(NOW);
    given(
      ...HISTORY.CLASSIFIED,
      event('EarlyResolutionConfirmed', { summaryCommunicationSent: true, confirmedAt: at(HOUR) }),
    )
      .when(command('ConfirmEarlyResolution'))
      .thenThrows(PreconditionFailedError, {
        unmetConditions: [`early resolution was already confirmed at ${at(HOUR)}`],
      });
    given(...HISTORY.CLASSIFIED)
      .when(command('ConfirmEarlyResolution', { summaryCommunicationSent: 'yes' as never }))
      .thenThrows(InvalidCommandError, {
        violations: [violation('summaryCommunicationSent', 'must be true or false')],
      });
  });

  it('notifies an extension of a named clock at level 1 or 2 with its approver', () => {
    given(...HISTORY.ASSIGNED)
      .when(command('NotifySlaExtension', { level: 2 }))
      .then(
        event('SlaExtensionNotified', {
          clock: 'decision',
          level: 2,
          approvedBy: 'head of complaints',
          reason: 'the case needs records from two branches',
          notifiedAt: NOW,
        }),
      );
    given(...HISTORY.ASSIGNED)
      .when(command('NotifySlaExtension', { level: 3 as never, clock: '', approvedBy: undefined }))
      .thenThrows(InvalidCommandError, {
        violations: [
          violation('clock', MUST_BE_TEXT),
          violation('approvedBy', MUST_BE_TEXT),
          violation('level', 'must be one of: 1, 2'),
        ],
      });
  });
});

describe('external appraisal', () => {
  it('starts and completes an appraisal, one at a time', () => {
    const { state } = given(...HISTORY.ASSIGNED)
      .when(command('StartExternalAppraisal'))
      .then(event('ExternalAppraisalStarted', { kind: 'independent device test', startedAt: NOW }));
    expect(state.externalAppraisal).toEqual({ kind: 'independent device test', since: NOW });

    given(...HISTORY.ASSIGNED, EVENTS.appraisalStarted)
      .when(command('StartExternalAppraisal'))
      .thenThrows(PreconditionFailedError, {
        unmetConditions: [`an external appraisal (forensic accounting review) has been in progress since ${at(DAY)}`],
      });

    const { state: done } = given(...HISTORY.ASSIGNED, EVENTS.appraisalStarted)
      .when(command('CompleteExternalAppraisal'))
      .then(event('ExternalAppraisalCompleted', { findings: 'the device meets its specification', completedAt: NOW }));
    expect(done.externalAppraisal).toBeNull();
  });

  it('refuses to complete an appraisal that never started, and blank texts', () => {
    given(...HISTORY.ASSIGNED)
      .when(command('CompleteExternalAppraisal'))
      .thenThrows(PreconditionFailedError, { unmetConditions: ['no external appraisal is in progress'] });
    given(...HISTORY.ASSIGNED)
      .when(command('StartExternalAppraisal', { kind: '' }))
      .thenThrows(InvalidCommandError, { violations: [violation('kind', MUST_BE_TEXT)] });
  });
});

describe('RecordSlaAlert', () => {
  const breach = { policyId: 'guides-standard', policyVersion: 1, clock: 'firstResponse', cycle: 1 };

  it('records a breach with its due instant, and a warning with its threshold', () => {
    const { state } = given(...HISTORY.ASSIGNED)
      .when(command('RecordSlaAlert', { at: '2026-03-31T15:00:00+08:00' }))
      .then(event('SlaBreached', { ...breach, key: 'firstResponse#1/breach', dueAt: '2026-03-31T07:00:00.000Z' }));
    expect(state.slaAlertKeys).toEqual(['firstResponse#1/breach']);

    given(...HISTORY.ASSIGNED)
      .when(command('RecordSlaAlert', { kind: 'WARNING', key: 'firstResponse#1/warning:75%', threshold: '75%' }))
      .then(
        event('SlaWarningReached', {
          ...breach,
          key: 'firstResponse#1/warning:75%',
          threshold: '75%',
          reachedAt: at(30 * DAY - HOUR),
        }),
      );
  });

  it('records each key once, so a restarted or racing timer cannot record it twice', () => {
    const recorded = event('SlaBreached', { ...breach, key: 'firstResponse#1/breach', dueAt: at(DAY) });
    given(...HISTORY.ASSIGNED, recorded)
      .when(command('RecordSlaAlert'))
      .thenThrows(PreconditionFailedError, {
        unmetConditions: ['SLA alert firstResponse#1/breach is already recorded'],
      });
  });

  it('refuses an alert not yet reached and malformed fields, all at once', () => {
    given(...HISTORY.ASSIGNED)
      .when(
        command('RecordSlaAlert', {
          at: at(31 * DAY),
          cycle: 0,
          policyVersion: 1.5,
          clock: '',
          threshold: '50%',
        }),
      )
      .thenThrows(InvalidCommandError, {
        violations: [
          violation('clock', MUST_BE_TEXT),
          violation('policyVersion', 'must be a whole number from 1'),
          violation('cycle', 'must be a whole number from 1'),
          violation('threshold', 'is only for warnings'),
          violation('at', 'must not be in the future: an alert is recorded once reached'),
        ],
      });
    given(...HISTORY.ASSIGNED)
      .when(command('RecordSlaAlert', { kind: 'WARNING' }))
      .thenThrows(InvalidCommandError, { violations: [violation('threshold', MUST_BE_TEXT)] });
  });
});
