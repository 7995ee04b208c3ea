import { integer } from './app-config';

/** Duplicate detection at intake: how far apart two complaints may be received to be compared. */
export interface DuplicateDetectionConfig {
  /** DUPLICATE_WINDOW_DAYS: 1 to 365, default 30. */
  windowDays: number;
}

export const DEFAULT_DUPLICATE_WINDOW_DAYS = 30;

export function readDuplicateDetectionConfig(env: NodeJS.ProcessEnv, problems: string[]): DuplicateDetectionConfig {
  return { windowDays: integer(env, 'DUPLICATE_WINDOW_DAYS', DEFAULT_DUPLICATE_WINDOW_DAYS, 1, 365, problems) };
}
