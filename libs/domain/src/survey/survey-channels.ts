/**
 * How a survey reached the customer and how they answered: telephone,
 * online and on-site interviews (000 §4.1: 电话访问、网络调查、现场访谈; REQ-30),
 * with the online channels split, because representativeness is judged per
 * channel (REQ-37, regulation-and-helpdesks.md §4.3 rule 6).
 */
export const SURVEY_CHANNELS = ['PHONE', 'EMAIL', 'SMS', 'WEB', 'APP', 'ON_SITE', 'INTERVIEW'] as const;
export type SurveyChannel = (typeof SURVEY_CHANNELS)[number];
