/**
 * Merge and unmerge of repeat complaints: the duplicate's side (MergeComplaint,
 * UnmergeComplaint), the primary's (AttachMergedDuplicate,
 * DetachMergedDuplicate), the earliest receipt the primary keeps, and the
 * rules each side checks.
 */
import { CommandNotAllowedError, InvalidCommandError, PreconditionFailedError } from '@redress/domain';
import { DAY, EVENTS, HISTORY, NOW, at, command, event, fold, given, violation } from './given-when-then';

describe('MergeComplaint (the duplicate side)', () => {
  it('records the primary, the merge id, the reason and the status it leaves; the duplicate becomes MERGED', () => {
    const result = given(...HISTORY.ASSIGNED)
      .when(command('MergeComplaint'))
      .then(
        event('ComplaintMergedInto', {
          primaryId: 'cmp-2',
          mergeId: 'merge-1',
          reason: 'the customer called again about the same double charge',
          statusBeforeMerge: 'ASSIGNED',
          mergedAt: NOW,
        }),
      );
    expect(result.state.status).toBe('MERGED');
    expect(result.state.mergedInto).toStrictEqual({
      primaryId: 'cmp-2',
      mergeId: 'merge-1',
      statusBeforeMerge: 'ASSIGNED',
      at: NOW,
    });
  });

  it('refuses a merge into itself, naming the field', () => {
    const primary = { ...command('MergeComplaint').primary, complaintId: 'cmp-1' };
    given(...HISTORY.TRIAGED)
      .when(command('MergeComplaint', { primary }))
      .thenThrows(InvalidCommandError, {
        violations: [violation('primaryId', 'a complaint cannot be merged into itself')],
      });
  });

  it('needs a reason', () => {
    given(...HISTORY.TRIAGED)
      .when(command('MergeComplaint', { reason: ' ' }))
      .thenThrows(InvalidCommandError, { violations: [violation('reason', 'must be a non-empty text')] });
  });

  it.each([
    [{ customerId: 'crm-7' }, /customer crm-7's, this one customer crm-42's/],
    [{ status: 'CLOSED' as const }, /cmp-2 is CLOSED; merge only into a complaint still handled/],
    [{ status: 'MERGED' as const, mergedInto: 'cmp-9' }, /cmp-2 is itself merged into cmp-9; merge into that one/],
  ])('refuses a primary that is %j', (change, message) => {
    const primary = { ...command('MergeComplaint').primary, ...change };
    const error = given(...HISTORY.TRIAGED)
      .when(command('MergeComplaint', { primary }))
      .thenThrows(PreconditionFailedError, { code: 'PRECONDITION_FAILED' });
    expect(error.unmetConditions.join('\n')).toMatch(message);
  });

  it('refuses to merge a complaint that has duplicates of its own (merges are one level deep)', () => {
    const error = given(...HISTORY.TRIAGED, EVENTS.duplicateMerged)
      .when(command('MergeComplaint'))
      .thenThrows(PreconditionFailedError);
    expect(error.unmetConditions).toEqual([
      'this complaint has 1 merged duplicate(s); unmerge them first (merges are one level deep)',
    ]);
  });

  it('leaves a merged duplicate nothing but its unmerge', () => {
    given(...HISTORY.MERGED)
      .when(command('MergeComplaint'))
      .thenThrows(CommandNotAllowedError, { status: 'MERGED', allowedCommands: ['UnmergeComplaint'] });
    given(...HISTORY.MERGED)
      .when(command('RecordRootCause'))
      .thenThrows(CommandNotAllowedError, { status: 'MERGED', allowedCommands: ['UnmergeComplaint'] });
  });
});

describe('UnmergeComplaint (the duplicate side)', () => {
  it('restores the status the complaint had when merged, and its whole state', () => {
    const result = given(...HISTORY.MERGED)
      .when(command('UnmergeComplaint'))
      .then(
        event('ComplaintUnmerged', {
          primaryId: 'cmp-2',
          mergeId: 'merge-1',
          reason: 'a different charge after all',
          restoredStatus: 'ASSIGNED',
          unmergedAt: NOW,
        }),
      );
    expect(result.state).toStrictEqual(fold(HISTORY.ASSIGNED));
  });

  it('refuses a complaint that is not merged', () => {
    given(...HISTORY.ASSIGNED)
      .when(command('UnmergeComplaint'))
      .thenThrows(CommandNotAllowedError, { command: 'UnmergeComplaint', status: 'ASSIGNED' });
  });
});

describe('AttachMergedDuplicate (the primary side)', () => {
  it('keeps the earliest receipt of itself and its duplicates for its clocks', () => {
    const result = given(...HISTORY.ASSIGNED)
      .when(command('AttachMergedDuplicate'))
      .then(
        event('DuplicateComplaintMerged', {
          duplicateId: 'cmp-3',
          mergeId: 'merge-2',
          duplicateReceivedAt: at(-DAY),
          reason: 'the same double charge, reported the day before by e-mail',
          effectiveReceivedAt: at(-DAY),
          mergedAt: NOW,
        }),
      );
    expect(result.state.receivedAt).toBe(at(0));
    expect(result.state.effectiveReceivedAt).toBe(at(-DAY));
    expect(result.state.mergedDuplicates).toStrictEqual([
      { duplicateId: 'cmp-3', mergeId: 'merge-2', receivedAt: at(-DAY) },
    ]);
  });

  it('keeps its own receipt when the duplicate came later', () => {
    const duplicate = { ...command('AttachMergedDuplicate').duplicate, receivedAt: '2026-03-03T10:00:00+02:00' };
    const [attached] = given(...HISTORY.ASSIGNED)
      .when(command('AttachMergedDuplicate', { duplicate }))
      .result().events;
    expect(attached.data).toMatchObject({
      duplicateReceivedAt: '2026-03-03T08:00:00.000Z',
      effectiveReceivedAt: at(0),
    });
  });

  it.each([
    [{ customerId: 'crm-7' }, "complaint cmp-3 is customer crm-7's, not crm-42's"],
    [{ mergedInto: 'cmp-9' }, 'complaint cmp-3 is not merged into this complaint'],
  ])('refuses a duplicate that is %j', (change, message) => {
    const duplicate = { ...command('AttachMergedDuplicate').duplicate, ...change };
    given(...HISTORY.ASSIGNED)
      .when(command('AttachMergedDuplicate', { duplicate }))
      .thenThrows(PreconditionFailedError, { unmetConditions: [message] });
  });

  it('refuses the same duplicate twice', () => {
    given(...HISTORY.ASSIGNED, EVENTS.duplicateMerged)
      .when(command('AttachMergedDuplicate'))
      .thenThrows(PreconditionFailedError, {
        unmetConditions: ['complaint cmp-3 is already merged into this complaint'],
      });
  });

  it('refuses a bad duplicate receipt, naming the field', () => {
    const duplicate = { ...command('AttachMergedDuplicate').duplicate, receivedAt: 'last Tuesday' };
    given(...HISTORY.ASSIGNED)
      .when(command('AttachMergedDuplicate', { duplicate }))
      .thenThrows(InvalidCommandError, {
        violations: [
          violation(
            'duplicate.receivedAt',
            'must be an ISO-8601 date-time with a time zone, e.g. 2026-01-31T09:30:00Z',
          ),
        ],
      });
  });

  it('is refused by a closed complaint: a duplicate joins only a complaint still handled', () => {
    given(...HISTORY.CLOSED)
      .when(command('AttachMergedDuplicate'))
      .thenThrows(CommandNotAllowedError, { status: 'CLOSED' });
  });
});

describe('DetachMergedDuplicate (the primary side)', () => {
  it('gives the duplicate back and restores the earliest receipt without it, exactly as before', () => {
    const result = given(...HISTORY.ASSIGNED, EVENTS.duplicateMerged)
      .when(command('DetachMergedDuplicate'))
      .then(
        event('DuplicateComplaintUnmerged', {
          duplicateId: 'cmp-3',
          mergeId: 'merge-2',
          reason: 'a different charge after all',
          effectiveReceivedAt: at(0),
          unmergedAt: NOW,
        }),
      );
    expect(result.state).toStrictEqual(fold(HISTORY.ASSIGNED));
  });

  it('keeps the remaining duplicates’ earliest receipt', () => {
    const second = event('DuplicateComplaintMerged', {
      ...EVENTS.duplicateMerged.data,
      duplicateId: 'cmp-4',
      mergeId: 'merge-3',
      duplicateReceivedAt: at(-2 * DAY),
      effectiveReceivedAt: at(-2 * DAY),
    });
    const [detached] = given(...HISTORY.ASSIGNED, EVENTS.duplicateMerged, second)
      .when(command('DetachMergedDuplicate', { duplicateId: 'cmp-4' }))
      .result().events;
    expect(detached.data).toMatchObject({ effectiveReceivedAt: at(-DAY) });
  });

  it('refuses a complaint that is not among its duplicates', () => {
    given(...HISTORY.ASSIGNED)
      .when(command('DetachMergedDuplicate'))
      .thenThrows(PreconditionFailedError, { unmetConditions: ['complaint cmp-3 is not merged into this complaint'] });
  });

  it('gives duplicates back even once closed, but an archived complaint is final', () => {
    given(...HISTORY.CLOSED, EVENTS.duplicateMerged)
      .when(command('DetachMergedDuplicate'))
      .result();
    given(...HISTORY.ARCHIVED, EVENTS.duplicateMerged)
      .when(command('DetachMergedDuplicate'))
      .thenThrows(CommandNotAllowedError, { status: 'ARCHIVED' });
  });
});
