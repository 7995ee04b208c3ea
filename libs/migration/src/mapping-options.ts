import {
  CATEGORIES,
  CHANNELS,
  COMPLAINT_OBJECT_KINDS,
  CUSTOMER_TIERS,
  PRIORITIES,
  ROOT_CAUSE_CATEGORIES,
  isOneOf,
  type Category,
  type Channel,
  type ComplaintObjectKind,
  type CustomerTier,
  type Priority,
  type RootCauseCategory,
} from '@redress/domain';

/**
 * What the import fills in where a source system records nothing Redress
 * needs (documented in this library's README), and how source values map to
 * Redress's categories.
 */
export interface MappingOptions {
  /** Names the source system in provenance and deterministic ids, e.g. `zendesk-eu` for a second Zendesk account. */
  source: string;
  /** Source value (a tag, ticket type, group, or the CSV `category` cell) → category; the first match wins. */
  categoryMap: Readonly<Record<string, Category>>;
  defaultCategory: Category | null;
  defaultChannel: Channel;
  defaultTier: CustomerTier;
  defaultPriority: Priority;
  defaultObjectKind: ComplaintObjectKind;
  defaultDepartment: string;
  rootCauseCategory: RootCauseCategory;
  /** Instants after this are refused as "in the future". */
  now: Date;
}

export const DEFAULT_MAPPING: Omit<MappingOptions, 'source' | 'now'> = {
  categoryMap: {},
  defaultCategory: null,
  defaultChannel: 'WEB_FORM',
  defaultTier: 'ORDINARY',
  defaultPriority: 'P3',
  defaultObjectKind: 'OTHER',
  defaultDepartment: 'imported',
  rootCauseCategory: 'SERVICE_DISSATISFACTION',
};

/** A command-line option of the import is malformed; the message names it. */
export class ImportOptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportOptionError';
  }
}

export interface RawMappingOptions {
  source?: string;
  categoryMap?: string[];
  defaultCategory?: string;
  defaultChannel?: string;
  defaultTier?: string;
  defaultPriority?: string;
  defaultObjectKind?: string;
  defaultDepartment?: string;
  rootCauseCategory?: string;
}

const SOURCE_NAME = /^[a-z0-9][a-z0-9._-]{0,62}$/;

/** Reads the mapping options as the CLI gives them (strings), naming the option of any bad value. */
export function parseMappingOptions(raw: RawMappingOptions, fallbackSource: string, now = new Date()): MappingOptions {
  const source = raw.source ?? fallbackSource;
  if (!SOURCE_NAME.test(source)) {
    throw new ImportOptionError(`--source must be 1-63 lower-case letters, digits, '.', '_' or '-', not "${source}"`);
  }
  const pick = <T extends string>(option: string, values: readonly T[], value: string | undefined, fallback: T): T => {
    if (value === undefined) return fallback;
    if (isOneOf(values, value)) return value;
    throw new ImportOptionError(`--${option} must be one of: ${values.join(', ')}; not "${value}"`);
  };
  const categoryMap: Record<string, Category> = {};
  for (const entry of raw.categoryMap ?? []) {
    const separator = entry.lastIndexOf('=');
    const key = entry.slice(0, separator).trim();
    const category = entry.slice(separator + 1).trim();
    if (separator <= 0 || key.length === 0 || !isOneOf(CATEGORIES, category)) {
      throw new ImportOptionError(
        `--category-map takes <source value>=<category> with a category of ${CATEGORIES.join(', ')}; not "${entry}"`,
      );
    }
    categoryMap[key.toLowerCase()] = category;
  }
  const defaultDepartment = raw.defaultDepartment ?? DEFAULT_MAPPING.defaultDepartment;
  if (defaultDepartment.trim().length === 0) throw new ImportOptionError('--default-department must not be blank');
  return {
    source,
    categoryMap,
    defaultCategory:
      raw.defaultCategory === undefined ? null : pick('default-category', CATEGORIES, raw.defaultCategory, 'OTHER'),
    defaultChannel: pick('default-channel', CHANNELS, raw.defaultChannel, DEFAULT_MAPPING.defaultChannel),
    defaultTier: pick('default-tier', CUSTOMER_TIERS, raw.defaultTier, DEFAULT_MAPPING.defaultTier),
    defaultPriority: pick('default-priority', PRIORITIES, raw.defaultPriority, DEFAULT_MAPPING.defaultPriority),
    defaultObjectKind: pick(
      'default-object-kind',
      COMPLAINT_OBJECT_KINDS,
      raw.defaultObjectKind,
      DEFAULT_MAPPING.defaultObjectKind,
    ),
    defaultDepartment,
    rootCauseCategory: pick(
      'root-cause-category',
      ROOT_CAUSE_CATEGORIES,
      raw.rootCauseCategory,
      DEFAULT_MAPPING.rootCauseCategory,
    ),
    now,
  };
}

/** The category of the first candidate value the map (or the vocabulary itself) knows, else the default. */
export function categoryOf(candidates: readonly unknown[], options: MappingOptions): Category | null {
  for (const candidate of candidates) {
    if (typeof candidate !== 'string' && typeof candidate !== 'number') continue;
    const value = String(candidate).trim();
    const mapped = options.categoryMap[value.toLowerCase()];
    if (mapped) return mapped;
    if (isOneOf(CATEGORIES, value)) return value;
  }
  return options.defaultCategory;
}
