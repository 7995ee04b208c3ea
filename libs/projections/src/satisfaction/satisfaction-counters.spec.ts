import { NO_SEGMENTS } from './complaint-segments';
import { counterIndex, CounterDeltas, type CounterRow, type SurveyFact } from './satisfaction-counters';

const answered: SurveyFact = {
  surveyId: 'answered',
  questionnaire: 'complaint-handling',
  surveyChannel: 'EMAIL',
  sentDay: '2026-11-01',
  respondedDay: '2026-11-03',
  segments: { ...NO_SEGMENTS, category: 'SERVICE_QUALITY', grade: 'URGENT' },
  answers: {
    EFFICIENCY: 5,
    RELIABILITY: 4,
    PROFESSIONALISM: 3,
    EMOTIONAL: 2,
    FOLLOW_UP_SUPPORT: 1,
    LOYALTY: 5,
    CSAT: 4,
    NPS: 9,
    CES: 6,
  },
};
const unanswered: SurveyFact = {
  surveyId: 'unanswered',
  questionnaire: 'complaint-handling',
  surveyChannel: 'SMS',
  sentDay: '2026-11-03',
  respondedDay: null,
  segments: { ...NO_SEGMENTS, category: 'OTHER' },
  answers: null,
};

/** The non-zero counters of the row of (day, dimension, value), by name. */
function countersOf(rows: CounterRow[], day: string, dimension: string, value: string): Record<string, number> {
  const row = rows.find((r) => r.day === day && r.dimension === dimension && r.value === value);
  if (!row) return {};
  const names = ['weight', 'sent', 'responded_of_sent', 'responses', 'csat_n', 'csat_sum', 'nps_promoters', 'csi_n'];
  const named = ['csi_efficiency_x_loyalty', 'csi_follow_up_support_x_follow_up_support', 'emotional_sumsq'];
  return Object.fromEntries(
    [...names, ...named].map((name) => [name, row.counters[counterIndex(name)]]).filter(([, n]) => n !== 0),
  );
}

describe('CounterDeltas', () => {
  it('adds each survey on its own days and segments, nothing of one carried into the next', () => {
    const deltas = new CounterDeltas();
    deltas.add(answered, 1);
    deltas.add(unanswered, 1);
    const rows = deltas.changed();

    expect(countersOf(rows, '2026-11-01', 'category', 'SERVICE_QUALITY')).toEqual({
      weight: 1,
      sent: 1,
      responded_of_sent: 1,
    });
    // (x − min) of the dimensions: 4, 3, 2, 1, 0, 4.
    const answers = {
      csat_n: 1,
      csat_sum: 4,
      nps_promoters: 1,
      csi_n: 1,
      csi_efficiency_x_loyalty: 16,
      emotional_sumsq: 4,
    };
    expect(countersOf(rows, '2026-11-03', 'category', 'SERVICE_QUALITY')).toEqual({
      weight: 1,
      responses: 1,
      ...answers,
    });
    // Sent on the day the first was answered: its invitation only, none of the first's answers.
    expect(countersOf(rows, '2026-11-03', 'category', 'OTHER')).toEqual({ weight: 1, sent: 1 });
    expect(countersOf(rows, '2026-11-03', 'surveyChannel', 'SMS')).toEqual({ weight: 1, sent: 1 });
    expect(countersOf(rows, '2026-11-03', 'all', '')).toEqual({ weight: 2, sent: 1, responses: 1, ...answers });
  });

  it('takes a contribution back out exactly, leaving no changed row', () => {
    const deltas = new CounterDeltas();
    deltas.add(answered, 1);
    deltas.add(unanswered, 1);
    deltas.add(answered, -1);
    deltas.add(unanswered, -1);
    expect(deltas.changed()).toEqual([]);
  });

  it('counts a response on its sent day once, with its invitation', () => {
    const deltas = new CounterDeltas();
    deltas.add({ ...answered, respondedDay: answered.sentDay }, 1);
    deltas.add(unanswered, 1);
    const rows = deltas.changed();
    expect(countersOf(rows, '2026-11-01', 'grade', 'URGENT')).toMatchObject({ weight: 1, sent: 1, responses: 1 });
    expect(countersOf(rows, '2026-11-03', 'grade', '')).toEqual({ weight: 1, sent: 1 });
    expect(rows.filter((row) => row.day === '2026-11-03' && row.dimension === 'grade')).toHaveLength(1);
  });
});
