import { PgliteSqlClient } from '../../../event-store/src/embedded/pglite-sql-client';
import { NO_SEGMENTS, type ComplaintSegments } from './complaint-segments';
import { storedSurveyOf, surveyColumnsOf, SURVEYS_SPEC, type StoredSurvey } from './satisfaction-tables';
import { createTableSql, rowsByKey, upsertColumns } from './sql-table';

function survey(surveyId: string, segments: ComplaintSegments, answers: StoredSurvey['fact']['answers']): StoredSurvey {
  return {
    fact: {
      surveyId,
      questionnaire: 'complaint-handling',
      surveyChannel: 'EMAIL',
      sentDay: '2026-11-01',
      respondedDay: answers ? '2026-11-02' : null,
      segments,
      answers,
    },
    subject: { complaintId: `complaint-of-${surveyId}`, customerTier: null },
    lastPosition: 41,
  };
}

describe('the surveys table columns', () => {
  let db: PgliteSqlClient;

  beforeAll(async () => {
    db = await PgliteSqlClient.open(undefined);
    await db.query(createTableSql('surveys', SURVEYS_SPEC));
  });

  afterAll(async () => {
    await db.close();
  });

  it('store every segment value and answer as it was, whatever characters a segment holds', async () => {
    const shared: ComplaintSegments = {
      ...NO_SEGMENTS,
      category: 'SERVICE_QUALITY',
      agent: 'agent-7',
      grade: 'URGENT',
    };
    const surveys = [
      survey('plain', shared, { EFFICIENCY: 5, CSAT: 1, NPS: 0, CES: 7 }),
      // The same segments object again: its text is made once and must serve both.
      survey('shares-segments', shared, null),
      survey(
        'awkward',
        {
          category: 'NULL',
          channel: 'null',
          customerTier: '',
          department: 'a "quoted" \\ value',
          agent: 'with space, comma {and braces}',
          grade: null,
        },
        { LOYALTY: 3, NPS: 10 },
      ),
      survey('no-segments', NO_SEGMENTS, {}),
    ];
    await upsertColumns(db, 'surveys', SURVEYS_SPEC, surveyColumnsOf(surveys), 'replace');

    const rows = await rowsByKey(
      db,
      'surveys',
      SURVEYS_SPEC,
      surveys.map((s) => s.fact.surveyId),
    );
    const read = new Map(rows.map((row) => [row.survey_id, storedSurveyOf(row)]));
    for (const written of surveys) expect(read.get(written.fact.surveyId)).toEqual(written);
  });
});
