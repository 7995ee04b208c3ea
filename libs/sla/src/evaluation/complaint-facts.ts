import type { Scalar } from '../conditions/condition';
import { readPath, type SlaEvent } from '../conditions/sla-event';
import type { FactMatch, FactName } from '../policy/policy-document';

/** What target rules match on, as known after some prefix of the history. */
export type ComplaintFacts = Readonly<Partial<Record<FactName, Scalar>>> & { readonly markedComplex?: boolean };

/**
 * Where each fact comes from in the complaint's events. A complaint marked
 * complex stays complex through a later triage, as in the domain's evolve.
 */
const FACT_SOURCES: readonly {
  event: string;
  update: (event: SlaEvent, facts: ComplaintFacts) => ComplaintFacts;
}[] = [
  {
    event: 'ComplaintReceived',
    update: (e, f) => ({ ...f, channel: read(e, 'data.channel'), tier: read(e, 'data.customer.tier') }),
  },
  { event: 'ComplaintClassified', update: (e, f) => ({ ...f, category: read(e, 'data.category') }) },
  { event: 'ComplaintReclassified', update: (e, f) => ({ ...f, category: read(e, 'data.category') }) },
  {
    event: 'ComplaintTriaged',
    update: (e, f) => ({
      ...f,
      grade: read(e, 'data.grade'),
      priority: read(e, 'data.priority'),
      isComplex: read(e, 'data.isComplex') === true || f.markedComplex === true,
    }),
  },
  { event: 'ComplaintMarkedComplex', update: (_, f) => ({ ...f, isComplex: true, markedComplex: true }) },
];

function read(event: SlaEvent, path: string): Scalar {
  const value = readPath(event, path);
  return value === undefined || typeof value === 'object' ? null : (value as Scalar);
}

export const NO_FACTS: ComplaintFacts = {};

export function applyFacts(facts: ComplaintFacts, event: SlaEvent): ComplaintFacts {
  return FACT_SOURCES.reduce(
    (next, source) => (source.event === event.type ? source.update(event, next) : next),
    facts,
  );
}

/** Whether every fact a rule names has one of the listed values (an unknown fact never matches). */
export function factsMatch(facts: ComplaintFacts, when: FactMatch): boolean {
  return Object.entries(when).every(([name, expected]) => {
    const actual = facts[name as FactName];
    if (actual === undefined || actual === null) return false;
    return Array.isArray(expected) ? expected.includes(actual) : expected === actual;
  });
}
