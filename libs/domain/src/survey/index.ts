export * from './survey-items';
export * from './questionnaires';
export * from './survey-channels';
export * from './commands';
export * from './events';
export * from './state';
export { decideSurvey, SURVEY_COMMANDS_ALLOWED_IN } from './decide';
export { evolveSurvey } from './evolve';
export { surveyDecider } from './survey.decider';
