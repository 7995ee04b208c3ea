import {
  CATEGORIES,
  CHANNELS,
  CUSTOMER_TIERS,
  ESCALATION_LEVELS,
  ESCALATION_TEAMS,
  GRADES,
  PRIORITIES,
} from '@redress/domain';
import { WEEKDAY_KEYS } from '../time/local-days';

/**
 * JSON Schemas (draft-07, checked with ajv) for policy files and calendar
 * files. Closed vocabularies come from the domain, so a typo such as
 * `grade: URGNET` fails at load time. Checks a schema cannot express (names
 * that must refer to each other, time zones, interval order) live in
 * semantic-checks.ts.
 */

const name = { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9_-]*$' };
const eventType = { type: 'string', pattern: '^[A-Z][A-Za-z0-9]*$' };
const eventPath = {
  type: 'string',
  pattern: '^((data|metadata)(\\.[A-Za-z0-9_]+)+|type|occurredAt)$',
  description: 'a dotted path into the event, e.g. data.customer.tier',
};
const scalar = { type: ['string', 'number', 'boolean', 'null'] };
const isoDate = { type: 'string', format: 'date' };
const hours = {
  type: 'array',
  items: { type: 'string', pattern: '^\\d{2}:\\d{2}(:\\d{2})?-\\d{2}:\\d{2}(:\\d{2})?$' },
};

const calendarProperties = {
  name: { type: 'string' },
  timeZone: { type: 'string', minLength: 1 },
  alwaysOpen: { type: 'boolean' },
  week: {
    type: 'object',
    additionalProperties: false,
    properties: Object.fromEntries(WEEKDAY_KEYS.map((key) => [key, hours])),
  },
  holidays: {
    type: 'array',
    items: {
      type: 'object',
      additionalProperties: false,
      required: ['date', 'name'],
      properties: { date: isoDate, name: { type: 'string' } },
    },
  },
  workingDays: {
    type: 'array',
    items: {
      type: 'object',
      additionalProperties: false,
      required: ['date', 'name'],
      properties: { date: isoDate, name: { type: 'string' }, hours },
    },
  },
  coverage: {
    type: 'object',
    additionalProperties: false,
    required: ['from', 'to'],
    properties: { from: isoDate, to: isoDate },
  },
  notes: { type: 'string' },
};

/** A calendar file under policies/calendars/. */
export const CALENDAR_FILE_SCHEMA = {
  $id: 'https://redress.example/sla/calendar.json',
  type: 'object',
  additionalProperties: false,
  required: ['id', 'timeZone'],
  properties: { id: name, ...calendarProperties },
} as const;

const factValue = (values: readonly unknown[]) => ({
  anyOf: [{ enum: values }, { type: 'array', items: { enum: values }, minItems: 1 }],
});

const positive = { type: 'number', exclusiveMinimum: 0 };

/** An instant with its offset, e.g. 2026-07-01T00:00:00+08:00: a rule's window must not depend on a server's zone. */
const zonedInstant = { type: 'string', format: 'date-time' };

export const POLICY_FILE_SCHEMA = {
  $id: 'https://redress.example/sla/policy.json',
  type: 'object',
  additionalProperties: false,
  required: ['id', 'version', 'name', 'calendar', 'calendars', 'clocks'],
  properties: {
    id: name,
    version: { type: 'integer', minimum: 1 },
    name: { type: 'string', minLength: 1 },
    description: { type: 'string' },
    effectiveFrom: isoDate,
    calendar: name,
    calendars: {
      type: 'object',
      minProperties: 1,
      propertyNames: name,
      additionalProperties: { $ref: '#/definitions/calendarEntry' },
    },
    warnings: { $ref: '#/definitions/warnings' },
    clocks: { type: 'array', minItems: 1, items: { $ref: '#/definitions/clock' } },
    escalations: { type: 'array', items: { $ref: '#/definitions/escalation' } },
  },
  definitions: {
    calendarEntry: {
      type: 'object',
      if: { required: ['file'] },
      then: { additionalProperties: false, properties: { file: { type: 'string', minLength: 1 } } },
      else: { additionalProperties: false, required: ['timeZone'], properties: calendarProperties },
    },
    condition: {
      type: 'object',
      properties: {
        event: { anyOf: [eventType, { type: 'array', items: eventType, minItems: 1 }] },
        where: {
          type: 'object',
          propertyNames: eventPath,
          additionalProperties: { $ref: '#/definitions/fieldMatcher' },
        },
        at: eventPath,
        anyOf: { type: 'array', minItems: 1, items: { $ref: '#/definitions/condition' } },
      },
      additionalProperties: false,
      if: { required: ['anyOf'] },
      then: { maxProperties: 1 },
      else: { required: ['event'] },
    },
    fieldMatcher: {
      anyOf: [
        scalar,
        { type: 'array', items: scalar, minItems: 1 },
        {
          type: 'object',
          additionalProperties: false,
          minProperties: 1,
          properties: {
            in: { type: 'array', items: scalar, minItems: 1 },
            not: { anyOf: [scalar, { type: 'array', items: scalar, minItems: 1 }] },
            exists: { type: 'boolean' },
          },
        },
      ],
    },
    target: {
      type: 'object',
      required: ['kind'],
      discriminator: { propertyName: 'kind' },
      oneOf: [
        {
          properties: {
            kind: { const: 'duration' },
            hours: positive,
            minutes: positive,
            seconds: positive,
          },
          additionalProperties: false,
          minProperties: 2,
        },
        {
          properties: {
            kind: { const: 'endOfNthBusinessDay' },
            n: { type: 'integer', minimum: 1 },
            receivedAfterCloseCountsAsNextDay: { type: 'boolean' },
            calendar: name,
          },
          required: ['n'],
          additionalProperties: false,
        },
        {
          properties: {
            kind: { const: 'calendarDays' },
            days: { type: 'integer', minimum: 0 },
            rollToBusinessDay: { type: 'boolean' },
            calendar: name,
          },
          required: ['days'],
          additionalProperties: false,
        },
      ],
    },
    warnings: {
      type: 'array',
      items: {
        anyOf: [
          { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 100 },
          {
            type: 'object',
            additionalProperties: false,
            required: ['minutesBeforeDue'],
            properties: { minutesBeforeDue: positive },
          },
        ],
      },
    },
    clock: {
      type: 'object',
      additionalProperties: false,
      required: ['name', 'start', 'stop', 'target'],
      properties: {
        name,
        title: { type: 'string' },
        source: { type: 'string' },
        calendar: name,
        start: { $ref: '#/definitions/condition' },
        startFrom: { $ref: '#/definitions/condition' },
        stop: { $ref: '#/definitions/condition' },
        pause: { $ref: '#/definitions/condition' },
        resume: { $ref: '#/definitions/condition' },
        cancel: { $ref: '#/definitions/condition' },
        extend: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['when', 'target'],
            properties: { when: { $ref: '#/definitions/condition' }, target: { $ref: '#/definitions/target' } },
          },
        },
        repeat: { type: 'boolean' },
        target: {
          type: 'object',
          additionalProperties: false,
          required: ['default'],
          properties: {
            default: { $ref: '#/definitions/target' },
            rules: {
              type: 'array',
              items: {
                type: 'object',
                additionalProperties: false,
                required: ['when', 'target'],
                properties: {
                  when: {
                    type: 'object',
                    additionalProperties: false,
                    minProperties: 1,
                    properties: {
                      grade: factValue(GRADES),
                      priority: factValue(PRIORITIES),
                      tier: factValue(CUSTOMER_TIERS),
                      channel: factValue(CHANNELS),
                      category: factValue(CATEGORIES),
                      isComplex: { type: 'boolean' },
                    },
                  },
                  target: { $ref: '#/definitions/target' },
                },
              },
            },
          },
        },
        warnings: { $ref: '#/definitions/warnings' },
      },
    },
    escalation: {
      type: 'object',
      additionalProperties: false,
      required: ['on', 'level', 'reason'],
      properties: {
        on: {
          type: 'object',
          required: ['alert'],
          discriminator: { propertyName: 'alert' },
          oneOf: [
            {
              properties: { alert: { const: 'breach' }, clock: name },
              required: ['clock'],
              additionalProperties: false,
            },
            {
              properties: { alert: { const: 'warning' }, clock: name, percent: { type: 'number' } },
              required: ['clock', 'percent'],
              additionalProperties: false,
            },
          ],
        },
        level: { enum: ESCALATION_LEVELS },
        team: { anyOf: [{ enum: ESCALATION_TEAMS }, { type: 'null' }] },
        reason: { type: 'string', minLength: 1 },
      },
    },
  },
} as const;

/**
 * The policy selection file (policies/selection/): ordered rules over what is
 * known of a complaint when it is received, each naming a policy id.
 */
export const POLICY_SELECTION_FILE_SCHEMA = {
  $id: 'https://redress.example/sla/policy-selection.json',
  type: 'object',
  additionalProperties: false,
  required: ['version', 'default'],
  properties: {
    version: { type: 'integer', minimum: 1 },
    description: { type: 'string' },
    rules: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'when', 'policy'],
        properties: {
          name,
          description: { type: 'string' },
          when: {
            type: 'object',
            additionalProperties: false,
            minProperties: 1,
            properties: {
              channel: factValue(CHANNELS),
              tier: factValue(CUSTOMER_TIERS),
              category: factValue(CATEGORIES),
              receivedFrom: zonedInstant,
              receivedBefore: zonedInstant,
            },
          },
          policy: name,
        },
      },
    },
    default: name,
  },
} as const;
