import { compileCondition, eventTypesOf, toIsoInstant, type ConditionSpec, type SlaEvent } from '../src';

const event: SlaEvent = {
  type: 'ComplaintTriaged',
  occurredAt: '2026-03-02T10:00:00Z',
  data: {
    grade: 'URGENT',
    isComplex: true,
    score: 3,
    note: null,
    nested: { tier: 'HIGH_VALUE' },
    decidedAt: '2026-03-02T09:30:00Z',
  },
  metadata: { actor: { role: 'supervisor' } },
};
const OCCURRED = '2026-03-02T10:00:00.000Z';

const cases: [string, ConditionSpec, string | null][] = [
  ['the event type alone', { event: 'ComplaintTriaged' }, OCCURRED],
  ['another type', { event: 'ComplaintClassified' }, null],
  ['one of several types', { event: ['ComplaintClassified', 'ComplaintTriaged'] }, OCCURRED],
  ['equality on a boolean', { event: 'ComplaintTriaged', where: { 'data.isComplex': true } }, OCCURRED],
  ['equality failing', { event: 'ComplaintTriaged', where: { 'data.isComplex': false } }, null],
  ['a list means one of', { event: 'ComplaintTriaged', where: { 'data.grade': ['SERIOUS', 'URGENT'] } }, OCCURRED],
  ['in', { event: 'ComplaintTriaged', where: { 'data.score': { in: [1, 2] } } }, null],
  ['not', { event: 'ComplaintTriaged', where: { 'data.grade': { not: 'GENERAL' } } }, OCCURRED],
  ['not a list', { event: 'ComplaintTriaged', where: { 'data.grade': { not: ['GENERAL', 'URGENT'] } } }, null],
  ['exists on null is false', { event: 'ComplaintTriaged', where: { 'data.note': { exists: true } } }, null],
  [
    'exists false on a missing field',
    { event: 'ComplaintTriaged', where: { 'data.missing': { exists: false } } },
    OCCURRED,
  ],
  ['a nested path', { event: 'ComplaintTriaged', where: { 'data.nested.tier': 'HIGH_VALUE' } }, OCCURRED],
  ['metadata', { event: 'ComplaintTriaged', where: { 'metadata.actor.role': 'supervisor' } }, OCCURRED],
  ['all entries must hold', { event: 'ComplaintTriaged', where: { 'data.grade': 'URGENT', 'data.score': 4 } }, null],
  ['the instant from a field', { event: 'ComplaintTriaged', at: 'data.decidedAt' }, '2026-03-02T09:30:00.000Z'],
  [
    'a field that is not an instant falls back to occurredAt',
    { event: 'ComplaintTriaged', at: 'data.grade' },
    OCCURRED,
  ],
  [
    'anyOf takes the first match',
    { anyOf: [{ event: 'X' }, { event: 'ComplaintTriaged', at: 'data.decidedAt' }, { event: 'ComplaintTriaged' }] },
    '2026-03-02T09:30:00.000Z',
  ],
  ['anyOf with no match', { anyOf: [{ event: 'X' }, { event: 'Y' }] }, null],
];

describe('conditions', () => {
  it.each(cases)('%s', (_, spec, expected) => {
    const instant = compileCondition(spec)(event);
    expect(instant === null ? null : toIsoInstant(instant)).toBe(expected);
  });

  it('never matches when absent', () => {
    expect(compileCondition(undefined)(event)).toBeNull();
  });

  it('lists the event types it mentions', () => {
    expect(eventTypesOf({ anyOf: [{ event: ['A', 'B'] }, { anyOf: [{ event: 'C' }] }] })).toEqual(['A', 'B', 'C']);
  });
});
