import type { Client } from 'pg';

/**
 * Writes a synthetic event log straight into the store's tables with
 * set-based SQL: the benchmark measures reading and projecting, and loading
 * tens of millions of events through the command path would take far longer
 * than the measurement. The events are exactly what the deciders write
 * (same types, schema versions and payload shapes), in time order.
 *
 *   complaints:  ComplaintReceived, Classified, Triaged, Assigned (4 events each)
 *   surveys:     SurveySent, then SurveyResponded — except every 10th invitation, left unanswered
 */
export interface SeedPlan {
  complaints: number;
  /** Invitations; 9 in 10 are answered. */
  surveys: number;
  /** Surveys spread evenly over this many days before `end`. */
  days: number;
  end: Date;
}

export const ANSWERED = (surveys: number) => surveys - Math.floor(surveys / 10);

/** Events before survey `i`: 2 per answered survey, 1 per unanswered (i ≡ 9 mod 10). */
const eventsBeforeSurvey = (i: number) => 2 * i - Math.floor(i / 10);

const iso = (column: string) => `to_char((${column}) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
/** A cheap deterministic pseudo-random integer in [0, range) from an index and a salt. */
const pick = (index: string, salt: number, range: number) =>
  `(((${index})::bigint * 2654435761 + ${salt * 40503}) % 4294967291 % ${range})`;

const METADATA = `jsonb_build_object('commandId', 'seed', 'correlationId', 'seed', 'causationId', 'seed',
  'actor', '{"id": "bench", "role": "system"}'::jsonb, 'occurredAt', at_text)`;

export async function seedLog(db: Client, plan: SeedPlan, onProgress: (done: number, total: number) => void) {
  const start = `'${new Date(plan.end.getTime() - plan.days * 86_400_000).toISOString()}'::timestamptz`;
  const span = `interval '${plan.days} days'`;
  const total = 4 * plan.complaints + eventsBeforeSurvey(plan.surveys);
  // The bench's own, throw-away schema: build the unique indexes once after loading instead of row by row.
  const { rows: constraints } = await db.query<{ name: string; definition: string }>(
    `SELECT conname AS name, pg_get_constraintdef(oid) AS definition FROM pg_constraint
     WHERE conrelid = 'redress_events'::regclass AND contype = 'u'`,
  );
  for (const { name } of constraints) await db.query(`ALTER TABLE redress_events DROP CONSTRAINT ${name}`);
  await insertComplaints(db, plan, start, span);
  onProgress(4 * plan.complaints, total);
  const chunk = 500_000;
  for (let lo = 0; lo < plan.surveys; lo += chunk) {
    const hi = Math.min(plan.surveys, lo + chunk);
    await insertSurveys(db, plan, lo, hi, start, span);
    onProgress(4 * plan.complaints + eventsBeforeSurvey(hi), total);
  }
  for (const { name, definition } of constraints) {
    await db.query(`ALTER TABLE redress_events ADD CONSTRAINT ${name} ${definition}`);
  }
  await db.query('UPDATE redress_log_head SET position = $1', [total]);
  await db.query('ANALYZE redress_events');
  return total;
}

async function insertComplaints(db: Client, plan: SeedPlan, start: string, span: string): Promise<void> {
  const c = 'c.i';
  await db.query(`
    INSERT INTO redress_events (position, stream_id, revision, event_id, event_type, schema_version, data, metadata)
    SELECT 4 * ${c} + e.k + 1, 'complaint-' || id, e.k, md5('event' || (4 * ${c} + e.k))::uuid, e.type, 1, e.data, ${METADATA}
    FROM generate_series(0, ${plan.complaints - 1}) AS c(i)
    CROSS JOIN LATERAL (SELECT md5('complaint' || ${c})::uuid::text AS id,
                               ${iso(`${start} + ${span} * (${c}::float8 / ${plan.complaints})`)} AS at_text) AS x
    CROSS JOIN LATERAL (VALUES
      (0, 'ComplaintReceived', jsonb_build_object('complaintId', id,
        'channel', (ARRAY['PHONE','EMAIL','ONLINE_CHAT','WEB_FORM','APP','CALL_CENTER'])[${pick(c, 1, 6)} + 1],
        'customer', jsonb_build_object('id', 'CUST-' || ${pick(c, 2, 50000)},
                                       'tier', (ARRAY['HIGH_VALUE','ORDINARY'])[${pick(c, 3, 2)} + 1]),
        'content', 'Seeded complaint', 'reason', 'Seeded', 'remedySought', 'Fix it',
        'object', jsonb_build_object('kind', 'PRODUCT', 'reference', 'PRODUCT-' || ${pick(c, 4, 300)}),
        'occurredAt', at_text, 'receivedAt', at_text)),
      (1, 'ComplaintClassified', jsonb_build_object('category',
        (ARRAY['SERVICE_QUALITY','PRODUCT_FUNCTION','SYSTEM_TECHNICAL','POLICY_PROCESS','OTHER'])[${pick(c, 5, 5)} + 1])),
      (2, 'ComplaintTriaged', jsonb_build_object('grade', (ARRAY['GENERAL','SERIOUS','URGENT'])[${pick(c, 6, 3)} + 1],
        'priority', 'P3', 'isComplex', false)),
      (3, 'ComplaintAssigned', jsonb_build_object('department', 'dept-' || ${pick(c, 7, 12)},
        'assignee', 'agent-' || ${pick(c, 8, 200)}))
    ) AS e(k, type, data)`);
}

async function insertSurveys(db: Client, plan: SeedPlan, lo: number, hi: number, start: string, span: string) {
  const s = 's.i';
  const offset = 4 * plan.complaints + eventsBeforeSurvey(lo);
  const item = (name: string, salt: number, min: number, max: number) =>
    `jsonb_build_object('item', '${name}', 'value', ${pick(s, salt, max - min + 1)} + ${min},
      'scale', jsonb_build_object('min', ${min}, 'max', ${max}))`;
  const dimensions = ['EFFICIENCY', 'RELIABILITY', 'PROFESSIONALISM', 'EMOTIONAL', 'FOLLOW_UP_SUPPORT', 'LOYALTY'];
  await db.query(`
    INSERT INTO redress_events (position, stream_id, revision, event_id, event_type, schema_version, data, metadata)
    SELECT ${offset} + row_number() OVER (ORDER BY ${s}, e.k), 'survey-' || id, e.k,
           md5('survey-event' || ${s} || '-' || e.k)::uuid, e.type, 1, e.data, ${METADATA}
    FROM generate_series(${lo}, ${hi - 1}) AS s(i)
    CROSS JOIN LATERAL (SELECT md5('survey' || ${s})::uuid::text AS id,
        (ARRAY['PHONE','EMAIL','SMS','WEB','APP'])[${pick(s, 11, 5)} + 1] AS channel,
        ${start} + ${span} * (${s}::float8 / ${plan.surveys}) AS sent_at) AS x
    CROSS JOIN LATERAL (SELECT ${iso('sent_at')} AS sent_text,
        ${iso(`sent_at + interval '1 second' * ${pick(s, 12, 259200)}`)} AS responded_text) AS y
    CROSS JOIN LATERAL (VALUES
      (0, 'SurveySent', sent_text, jsonb_build_object('surveyId', id,
        'questionnaire', '{"id": "complaint-handling", "version": 1}'::jsonb,
        'subject', jsonb_build_object('kind', 'COMPLAINT',
                                      'complaintId', md5('complaint' || ${pick(s, 13, plan.complaints)})::uuid::text),
        'channel', channel, 'sentAt', sent_text, 'solicited', true)),
      (1, 'SurveyResponded', responded_text, jsonb_build_object('surveyId', id, 'channel', channel,
        'answers', jsonb_build_array(${dimensions.map((d, n) => item(d, 20 + n, 1, 5)).join(', ')},
          ${item('CSAT', 30, 1, 5)}, ${item('NPS', 31, 0, 10)}, ${item('CES', 32, 1, 7)}),
        'comment', NULL, 'respondedAt', responded_text))
    ) AS e(k, type, at_text, data)
    WHERE e.k = 0 OR ${s} % 10 <> 9`);
}
