import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { BusinessCalendar } from '../calendar/business-calendar';
import { CalendarDefinitionError, type CalendarDefinition } from '../calendar/calendar-definition';
import { compileCondition } from '../conditions/condition';
import { DEFAULT_WARNINGS, type CalendarEntry, type ClockSpec, type PolicyDocument } from './policy-document';
import { PolicyValidationError, type PolicyIssue } from './policy-errors';
import { validateAgainstSchema } from './schema-validation';
import { checkDocument } from './semantic-checks';
import type { SlaClock, SlaPolicy } from './sla-policy';
import { parseYamlSource, type YamlSource } from './yaml-source';

/**
 * Loading a policy: YAML → JSON Schema → calendar files → cross-reference
 * checks → compiled policy. Every stage collects all of its problems before
 * failing, and each problem names the file, the JSON pointer and the line.
 */

/** Reads a file named relative to the policy file (calendar references). */
export type ReadRelative = (relativePath: string) => { file: string; text: string };

export interface ParsePolicyOptions {
  /** Shown in errors and kept on the policy. */
  file?: string;
  /** Needed when the policy references calendar files. */
  readRelative?: ReadRelative;
}

/** Refuses a file with every problem found in it. */
export function throwPolicyIssues(issues: PolicyIssue[]): never {
  throw new PolicyValidationError(issues);
}

/** Parses a YAML file and checks it against the JSON Schema of its kind. Throws PolicyValidationError. */
export function parseValidatedYaml(text: string, file: string, kind: 'policy' | 'calendar' | 'selection'): YamlSource {
  const { source, issues } = parseYamlSource(text, file);
  if (!source) return throwPolicyIssues(issues);
  const schemaIssues = validateAgainstSchema(kind, source);
  if (schemaIssues.length > 0) throwPolicyIssues(schemaIssues);
  return source;
}

interface ResolvedCalendar {
  definition: CalendarDefinition;
  /** Where problems in the definition are reported. */
  source: YamlSource;
  pathPrefix: string;
}

function resolveCalendar(
  name: string,
  entry: CalendarEntry,
  policy: YamlSource,
  readRelative: ReadRelative | undefined,
): ResolvedCalendar {
  if (!('file' in entry)) {
    return { definition: { id: name, ...entry }, source: policy, pathPrefix: `/calendars/${name}` };
  }
  if (!readRelative)
    return throwPolicyIssues([
      policy.issue(`/calendars/${name}/file`, 'calendar files need a policy loaded from disk'),
    ]);
  let loaded: { file: string; text: string };
  try {
    loaded = readRelative(entry.file);
  } catch (error) {
    return throwPolicyIssues([
      policy.issue(`/calendars/${name}/file`, `cannot read ${entry.file}: ${(error as Error).message}`),
    ]);
  }
  const source = parseValidatedYaml(loaded.text, loaded.file, 'calendar');
  return { definition: source.value as CalendarDefinition, source, pathPrefix: '' };
}

function compileCalendars(resolved: Map<string, ResolvedCalendar>): Map<string, BusinessCalendar> {
  const calendars = new Map<string, BusinessCalendar>();
  const issues: PolicyIssue[] = [];
  for (const [name, { definition, source, pathPrefix }] of resolved) {
    try {
      calendars.set(name, new BusinessCalendar(definition));
    } catch (error) {
      if (!(error instanceof CalendarDefinitionError)) throw error;
      issues.push(...error.issues.map((issue) => source.issue(`${pathPrefix}${issue.path}`, issue.message)));
    }
  }
  if (issues.length > 0) throwPolicyIssues(issues);
  return calendars;
}

function compileClock(spec: ClockSpec, document: PolicyDocument, calendars: Map<string, BusinessCalendar>): SlaClock {
  const calendarName = spec.calendar ?? document.calendar;
  return {
    name: spec.name,
    title: spec.title ?? spec.name,
    source: spec.source ?? null,
    calendarName,
    calendar: calendars.get(calendarName) as BusinessCalendar,
    start: compileCondition(spec.start),
    startFrom: spec.startFrom ? compileCondition(spec.startFrom) : null,
    stop: compileCondition(spec.stop),
    pause: compileCondition(spec.pause),
    resume: compileCondition(spec.resume),
    cancel: compileCondition(spec.cancel),
    extensions: (spec.extend ?? []).map((extension) => ({
      when: compileCondition(extension.when),
      target: extension.target,
    })),
    repeat: spec.repeat === true,
    defaultTarget: spec.target.default,
    targetRules: spec.target.rules ?? [],
    warnings: spec.warnings ?? document.warnings ?? DEFAULT_WARNINGS,
  };
}

/** JSON with sorted keys, so the digest does not depend on key order in the file. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, inner]) => `${JSON.stringify(key)}:${canonicalJson(inner)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Parses, validates and compiles a policy from YAML text. Throws PolicyValidationError. */
export function parsePolicy(text: string, options: ParsePolicyOptions = {}): SlaPolicy {
  const file = options.file ?? '<policy>';
  const source = parseValidatedYaml(text, file, 'policy');
  const raw = source.value as PolicyDocument;

  const resolved = new Map(
    Object.entries(raw.calendars).map(([name, entry]) => [
      name,
      resolveCalendar(name, entry, source, options.readRelative),
    ]),
  );
  const document: PolicyDocument = {
    ...raw,
    calendars: Object.fromEntries([...resolved].map(([name, { definition }]) => [name, definition])),
  };
  const problems = checkDocument(document);
  if (problems.length > 0) throwPolicyIssues(problems.map((problem) => source.issue(problem.path, problem.message)));
  const calendars = compileCalendars(resolved);

  return {
    id: document.id,
    version: document.version,
    name: document.name,
    description: document.description ?? null,
    effectiveFrom: document.effectiveFrom ?? null,
    digest: createHash('sha256').update(canonicalJson(document)).digest('hex'),
    file: options.file ?? null,
    document,
    calendars,
    clocks: document.clocks.map((clock) => compileClock(clock, document, calendars)),
    escalations: document.escalations ?? [],
  };
}

/** Parses and validates a calendar file on its own (the files under policies/calendars/). */
export function parseCalendar(text: string, file = '<calendar>'): BusinessCalendar {
  const source = parseValidatedYaml(text, file, 'calendar');
  const resolved = new Map([['calendar', { definition: source.value as CalendarDefinition, source, pathPrefix: '' }]]);
  return compileCalendars(resolved).get('calendar') as BusinessCalendar;
}

export function loadCalendarFile(file: string): BusinessCalendar {
  return parseCalendar(readFileSync(file, 'utf8'), file);
}

/** Loads one policy file; calendar references resolve against its directory. */
export function loadPolicyFile(file: string): SlaPolicy {
  const directory = dirname(resolve(file));
  return parsePolicy(readFileSync(file, 'utf8'), {
    file,
    readRelative: (relativePath) => {
      const path = join(directory, relativePath);
      return { file: path, text: readFileSync(path, 'utf8') };
    },
  });
}

/** Loads every `*.yaml` policy directly inside a directory (calendar files live in a subdirectory). */
export function loadPolicyDirectory(directory: string): SlaPolicy[] {
  return readdirSync(directory)
    .filter((name) => name.endsWith('.yaml') || name.endsWith('.yml'))
    .sort()
    .map((name) => loadPolicyFile(join(directory, name)));
}
