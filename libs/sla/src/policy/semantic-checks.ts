import { eventTypesOf } from '../conditions/condition';
import { DEFAULT_WARNINGS, type ClockSpec, type PolicyDocument, type TargetSpec } from './policy-document';

/** A problem at a JSON pointer of the policy document. */
export interface DocumentProblem {
  path: string;
  message: string;
}

export const REASON_PLACEHOLDERS = [
  'clock',
  'title',
  'cycle',
  'dueAt',
  'alertAt',
  'percent',
  'policyId',
  'policyVersion',
];

export function durationSeconds(target: { hours?: number; minutes?: number; seconds?: number }): number {
  return (target.hours ?? 0) * 3_600 + (target.minutes ?? 0) * 60 + (target.seconds ?? 0);
}

function checkTarget(target: TargetSpec, path: string, calendars: Set<string>, problems: DocumentProblem[]): void {
  if (target.kind === 'duration') {
    const seconds = durationSeconds(target);
    if (!Number.isInteger(seconds)) problems.push({ path, message: `${seconds} s is not a whole number of seconds` });
  } else if (target.calendar !== undefined && !calendars.has(target.calendar)) {
    problems.push({ path: `${path}/calendar`, message: `no calendar named "${target.calendar}"` });
  }
}

function checkClock(clock: ClockSpec, path: string, calendars: Set<string>, problems: DocumentProblem[]): void {
  if (clock.calendar !== undefined && !calendars.has(clock.calendar)) {
    problems.push({ path: `${path}/calendar`, message: `no calendar named "${clock.calendar}"` });
  }
  if ((clock.pause === undefined) !== (clock.resume === undefined)) {
    problems.push({ path, message: 'pause and resume must be given together (a pause needs a way to end)' });
  }
  checkTarget(clock.target.default, `${path}/target/default`, calendars, problems);
  clock.target.rules?.forEach((rule, i) =>
    checkTarget(rule.target, `${path}/target/rules/${i}/target`, calendars, problems),
  );
  clock.extend?.forEach((extension, i) =>
    checkTarget(extension.target, `${path}/extend/${i}/target`, calendars, problems),
  );
}

/** Percentages of a clock's warnings (its own list, else the policy's, else 50/75/90). */
export function warningPercents(clock: ClockSpec, document: PolicyDocument): number[] {
  const warnings = clock.warnings ?? document.warnings ?? DEFAULT_WARNINGS;
  return warnings.filter((w): w is number => typeof w === 'number');
}

/** Cross-references and rules a JSON Schema cannot state. Calendars are checked when compiled. */
export function checkDocument(document: PolicyDocument): DocumentProblem[] {
  const problems: DocumentProblem[] = [];
  const calendars = new Set(Object.keys(document.calendars));
  if (!calendars.has(document.calendar)) {
    problems.push({ path: '/calendar', message: `no calendar named "${document.calendar}"` });
  }
  const clocks = new Map<string, ClockSpec>();
  document.clocks.forEach((clock, i) => {
    if (clocks.has(clock.name))
      problems.push({ path: `/clocks/${i}/name`, message: `clock "${clock.name}" is defined twice` });
    clocks.set(clock.name, clock);
    checkClock(clock, `/clocks/${i}`, calendars, problems);
  });
  document.escalations?.forEach((escalation, i) => {
    const path = `/escalations/${i}`;
    const clock = clocks.get(escalation.on.clock);
    if (!clock) {
      problems.push({ path: `${path}/on/clock`, message: `no clock named "${escalation.on.clock}"` });
    } else if (escalation.on.alert === 'warning' && !warningPercents(clock, document).includes(escalation.on.percent)) {
      problems.push({
        path: `${path}/on/percent`,
        message: `clock "${clock.name}" has no ${escalation.on.percent}% warning (it has ${warningPercents(clock, document).join(', ')})`,
      });
    }
    for (const [, placeholder] of escalation.reason.matchAll(/\{(\w+)\}/g)) {
      if (!REASON_PLACEHOLDERS.includes(placeholder)) {
        problems.push({
          path: `${path}/reason`,
          message: `unknown placeholder {${placeholder}}; use ${REASON_PLACEHOLDERS.map((p) => `{${p}}`).join(' ')}`,
        });
      }
    }
  });
  return problems;
}

/** Every event type the policy's conditions mention. */
export function referencedEventTypes(document: PolicyDocument): string[] {
  const types = document.clocks.flatMap((clock) => [
    ...[clock.start, clock.startFrom, clock.stop, clock.pause, clock.resume, clock.cancel].flatMap(eventTypesOf),
    ...(clock.extend ?? []).flatMap((extension) => eventTypesOf(extension.when)),
  ]);
  return [...new Set(types)].sort();
}
