import type { Decider } from '../decider';
import type { SurveyCommand } from './commands';
import { decideSurvey } from './decide';
import type { SurveyEvent } from './events';
import { evolveSurvey } from './evolve';
import { initialSurveyState, type SurveyState } from './state';

/** A survey response is its own aggregate (stream `survey-<id>`), linked to a complaint or a customer. */
export const surveyDecider: Decider<SurveyCommand, SurveyEvent, SurveyState> = {
  decide: decideSurvey,
  evolve: evolveSurvey,
  initialState: initialSurveyState,
};
