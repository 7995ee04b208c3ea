import type { Violations } from '../complaint/validation';
import type { GivenAnswers } from './commands';
import type { SurveyAnswer } from './events';
import type { QuestionnaireDefinition } from './questionnaires';
import { SURVEY_ITEM_SCALES, SURVEY_ITEMS, type SurveyItem } from './survey-items';

/**
 * Turns a caller's item → value answers into recorded answers, each with its
 * scale, in the catalog's item order. Every problem is recorded as a field
 * violation (`answers.CSAT: must be a whole number from 1 to 5`), so an
 * out-of-range answer is refused with a message naming the item and its scale.
 */
export function recordedAnswers(
  questionnaire: QuestionnaireDefinition,
  given: GivenAnswers,
  violations: Violations,
): SurveyAnswer[] {
  if (given === null || typeof given !== 'object' || Array.isArray(given) || Object.keys(given).length === 0) {
    violations.add('answers', 'must give at least one answer, as item → value');
    return [];
  }
  const asked = SURVEY_ITEMS.filter((item) => questionnaire.questions[item] !== undefined);
  for (const key of Object.keys(given)) {
    if (!(asked as readonly string[]).includes(key)) {
      violations.add(
        `answers.${key}`,
        `is not an item of questionnaire ${questionnaire.id} v${questionnaire.version}; items: ${asked.join(', ')}`,
      );
    }
  }
  const answers: SurveyAnswer[] = [];
  for (const item of asked) {
    if (!Object.prototype.hasOwnProperty.call(given, item)) continue;
    const value = given[item];
    const scale = SURVEY_ITEM_SCALES[item as SurveyItem];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < scale.min || value > scale.max) {
      violations.add(`answers.${item}`, `must be a whole number from ${scale.min} to ${scale.max}`);
      continue;
    }
    answers.push({ item, value, scale: { ...scale } });
  }
  return answers;
}
