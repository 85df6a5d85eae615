import type { Messages } from '../i18n/messages.ts';
import { ITEM_TYPES, type ItemRef, type Place } from '../../domain/evaluation/questionnaire.ts';
import type { ShowIfProblem } from '../../domain/evaluation/questionnaire-conditions.ts';
import type { QuestionnaireFormProblem } from '../../domain/evaluation/questionnaire-form.ts';

// The questionnaire domain says what is wrong as a code; these are the sentences a coordinator
// reads, put together from the catalogue.

type Texts = Messages['questionnaireProblems'];

function itemText(q: Texts, item: ItemRef): string {
  return 'key' in item ? q.item(item.key) : q.itemNo(item.no);
}

function placeText(q: Texts, place: Place): string {
  if (place.in === 'questionnaire') return q.questionnaire;
  if (place.in === 'item') return itemText(q, place.item);
  return q.option(place.no, itemText(q, place.item));
}

function showIfRuleText(q: Texts, rule: ShowIfProblem): string {
  switch (rule.code) {
    case 'shape':
      return q.showIfShape;
    case 'tooDeep':
      return q.showIfTooDeep(rule.max);
    case 'emptyList':
      return q.showIfEmptyList(rule.keyword);
    case 'itemKey':
      return q.showIfItemKey;
    case 'equalsValue':
      return q.showIfEqualsValue;
    case 'inValues':
      return q.showIfInValues;
  }
}

export function questionnaireProblemText(t: Messages, p: QuestionnaireFormProblem): string {
  const q = t.questionnaireProblems;
  switch (p.code) {
    case 'duplicateKey':
      return q.duplicateKey(p.key, p.first, p.second);
    case 'noAnswerableItem':
    case 'badVersion':
    case 'noItems':
      return q[p.code];
    case 'duplicateOption':
      return q.duplicateOption(p.value, q.item(p.item), p.first, p.second);
    case 'minNotBelowMax':
    case 'limitsNotWhole':
      return q[p.code](q.item(p.item), p.min, p.max);
    case 'stepMissesEnd':
      return q.stepMissesEnd(q.item(p.item), p.min, p.max, p.step);
    case 'tooManySteps':
      return q.tooManySteps(q.item(p.item), p.steps);
    case 'showIfOnItself':
      return q.showIfOnItself(p.item);
    case 'showIfCircle':
      return q.showIfCircle(p.keys);
    case 'showIfUnknownItem':
    case 'showIfTextOnly':
    case 'showIfFreeText':
      return q[p.code](q.item(p.item), p.target);
    case 'showIfLaterItem':
      return q.showIfLaterItem(q.item(p.item), p.item, p.target);
    case 'showIfNotAnOption':
      return q.showIfWaitsFor(q.item(p.item), JSON.stringify(p.value), p.target, q.showIfNotAnOption(p.options));
    case 'showIfNotYesNo':
      return q.showIfWaitsFor(q.item(p.item), JSON.stringify(p.value), p.target, q.showIfNotYesNo);
    case 'showIfOutOfRange':
      return q.showIfWaitsFor(q.item(p.item), JSON.stringify(p.value), p.target, q.showIfOutOfRange(p.min, p.max));
    case 'showIfRule':
      return q.showIfRule(showIfRuleText(q, p.rule), placeText(q, p.place));
    case 'unknownType':
      return q.unknownType(p.value, placeText(q, p.place), ITEM_TYPES.join(', '));
    case 'unknownAudience':
      return q.unknownAudience(p.value);
    case 'textMissing':
      return q.textMissing(p.lang, q.props[p.prop], placeText(q, p.place));
    case 'badKey':
    case 'badOptionValue':
      return q[p.code](p.value, placeText(q, p.place));
    case 'unknownProperty':
      return q.unknownProperty(p.keys, placeText(q, p.place));
    case 'missing':
    case 'wrongForm':
      return q[p.code](q.props[p.prop], placeText(q, p.place));
    case 'badStep':
      return q.badStep(placeText(q, p.place));
    case 'tooFewOptions':
      return q.tooFewOptions(placeText(q, p.place), p.minimum);
    case 'tooSmall':
    case 'tooBig':
      return q[p.code](q.props[p.prop], placeText(q, p.place), p.bound, p.unit);
    case 'notANumber':
      return q.notANumber(p.raw);
    case 'scoreNotAllowed':
      return q.scoreNotAllowed(p.line, q.formQuestion(p.question.no, p.question.key));
    case 'showIfAnswerMissing':
      return q.showIfAnswerMissing(p.target, q.formQuestion(p.question.no, p.question.key));
    case 'keyTaken':
      return q.keyTaken(p.key);
  }
}
