import { problemsOf } from '../test/problems-of';
import { loadConfig } from './app-config';
import { readDuplicateDetectionConfig } from './duplicate-detection-config';

describe('duplicate detection settings from the environment', () => {
  it('compares complaints received up to 30 days apart by default', () => {
    expect(loadConfig({}).duplicates).toEqual({ windowDays: 30 });
  });

  it('reads DUPLICATE_WINDOW_DAYS', () => {
    const problems: string[] = [];
    expect(readDuplicateDetectionConfig({ DUPLICATE_WINDOW_DAYS: '14' }, problems)).toEqual({ windowDays: 14 });
    expect(problems).toEqual([]);
  });

  it.each(['0', '366', '7.5', 'a week', ''])('refuses DUPLICATE_WINDOW_DAYS=%j, naming the variable', (value) => {
    expect(problemsOf({ DUPLICATE_WINDOW_DAYS: value })).toEqual([
      `DUPLICATE_WINDOW_DAYS must be a whole number from 1 to 365, not "${value}"`,
    ]);
  });
});
