import type { SurveyEvent } from './events';
import type { SurveyState } from './state';

/** Folds one survey event into the state; trusts the event and never throws. */
export function evolveSurvey(state: SurveyState, event: SurveyEvent): SurveyState {
  switch (event.type) {
    case 'SurveySent': {
      const { surveyId, questionnaire, subject, channel, sentAt } = event.data;
      return { ...state, status: 'SENT', surveyId, questionnaire, subject, channel, sentAt };
    }
    case 'SurveyResponded': {
      const { channel, answers, comment, respondedAt } = event.data;
      return { ...state, status: 'RESPONDED', response: { channel, answers, comment, respondedAt, changes: 0 } };
    }
    case 'SurveyResponseChanged': {
      if (!state.response) return state;
      const { answers, comment } = event.data;
      return { ...state, response: { ...state.response, answers, comment, changes: state.response.changes + 1 } };
    }
  }
}
