import type { BusinessCalendar } from '../calendar/business-calendar';
import type { TargetSpec } from '../policy/policy-document';
import { durationSeconds } from '../policy/semantic-checks';
import type { SlaClock, SlaPolicy } from '../policy/sla-policy';
import type { EpochSeconds } from '../time/instant';
import { factsMatch, type ComplaintFacts } from './complaint-facts';

/** Which target applies: the first rule whose facts match, else the default. */
export function selectTarget(clock: SlaClock, facts: ComplaintFacts): { spec: TargetSpec; rule: number | null } {
  const rule = clock.targetRules.findIndex((candidate) => factsMatch(facts, candidate.when));
  return rule >= 0 ? { spec: clock.targetRules[rule].target, rule } : { spec: clock.defaultTarget, rule: null };
}

function calendarFor(spec: { calendar?: string }, clock: SlaClock, policy: SlaPolicy): BusinessCalendar {
  return spec.calendar === undefined ? clock.calendar : (policy.calendars.get(spec.calendar) as BusinessCalendar);
}

/** The deadline a day-based target sets for a clock started at `start`. */
function deadline(
  spec: Exclude<TargetSpec, { kind: 'duration' }>,
  start: EpochSeconds,
  calendar: BusinessCalendar,
): EpochSeconds {
  if (spec.kind === 'endOfNthBusinessDay') {
    return calendar.endOfNthBusinessDay(start, spec.n, {
      receivedAfterCloseCountsAsNextDay: spec.receivedAfterCloseCountsAsNextDay,
    });
  }
  let day = calendar.localDayOf(start) + spec.days;
  if (spec.rollToBusinessDay && !calendar.isBusinessDay(day)) day = calendar.nextBusinessDay(day);
  return calendar.endOfLocalDay(day);
}

/**
 * A target as an amount of clock time from the cycle's start. Day-based
 * targets become the clock time between the start and their deadline, so
 * pauses push them out the same way they push a duration.
 */
export function targetSeconds(spec: TargetSpec, start: EpochSeconds, clock: SlaClock, policy: SlaPolicy): number {
  if (spec.kind === 'duration') return durationSeconds(spec);
  return clock.calendar.businessSecondsBetween(start, deadline(spec, start, calendarFor(spec, clock, policy)));
}
