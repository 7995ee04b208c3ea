import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { CALENDAR_FILE_SCHEMA, POLICY_FILE_SCHEMA, POLICY_SELECTION_FILE_SCHEMA } from './policy-schema';
import type { PolicyIssue } from './policy-errors';
import type { YamlSource } from './yaml-source';

// strictRequired off: the if/then/else forms test for a property before its sibling schema declares it.
const ajv = new Ajv({
  allErrors: true,
  discriminator: true,
  strict: true,
  strictRequired: false,
  allowUnionTypes: true,
  // Errors carry their schema, so messages can list allowed values.
  verbose: true,
});
addFormats(ajv, ['date', 'date-time']);

const validators = {
  policy: ajv.compile(POLICY_FILE_SCHEMA),
  calendar: ajv.compile(CALENDAR_FILE_SCHEMA),
  selection: ajv.compile(POLICY_SELECTION_FILE_SCHEMA),
} satisfies Record<string, ValidateFunction>;

const list = (values: readonly unknown[]) => values.map((value) => JSON.stringify(value)).join(', ');

/** The `const` values a discriminated oneOf allows for its tag. */
function tagValues(error: ErrorObject, tag: string): unknown[] {
  const branches = (error.parentSchema?.oneOf ?? []) as { properties?: Record<string, { const?: unknown }> }[];
  return branches.map((branch) => branch.properties?.[tag]?.const);
}

/** One sentence per error, naming the property or the allowed values where ajv's own text does not. */
function describe(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      return `unknown property "${String(params.additionalProperty)}"`;
    case 'required':
      return `missing required property "${String(params.missingProperty)}"`;
    case 'enum':
      return `must be one of ${list(params.allowedValues as unknown[])}`;
    case 'const':
      return `must be ${JSON.stringify(params.allowedValue)}`;
    case 'discriminator':
      return `"${String(params.tag)}" must be one of ${list(tagValues(error, String(params.tag)))}`;
    case 'minProperties':
      return error.parentSchema?.properties?.kind?.const === 'duration'
        ? 'a duration needs hours, minutes or seconds'
        : (error.message ?? error.keyword);
    case 'anyOf': {
      const [first] = error.schema as { enum?: unknown[] }[];
      return first?.enum ? `must be one of ${list(first.enum)}, or a list of them` : 'does not match any allowed form';
    }
    case 'propertyNames':
      return `invalid name "${String(params.propertyName)}"`;
    default:
      return error.message ?? error.keyword;
  }
}

/**
 * Drops the noise ajv produces around alternatives: `if` wrappers, and the
 * failures of each anyOf branch when the anyOf error itself is reported.
 */
function significant(errors: readonly ErrorObject[]): ErrorObject[] {
  const anyOfAt = errors.filter((e) => e.keyword === 'anyOf').map((e) => [e.instancePath, e.schemaPath] as const);
  return errors.filter((error) => {
    if (error.keyword === 'if') return false;
    if (error.keyword === 'propertyNames' || error.keyword === 'anyOf') return true;
    return !anyOfAt.some(
      ([path, schemaPath]) => error.instancePath === path && error.schemaPath.startsWith(`${schemaPath}/`),
    );
  });
}

export function validateAgainstSchema(kind: keyof typeof validators, source: YamlSource): PolicyIssue[] {
  const validate = validators[kind];
  if (validate(source.value)) return [];
  const seen = new Set<string>();
  const issues: PolicyIssue[] = [];
  for (const error of significant(validate.errors ?? [])) {
    const message = describe(error);
    const key = `${error.instancePath} ${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push(source.issue(error.instancePath, message));
  }
  return issues;
}
