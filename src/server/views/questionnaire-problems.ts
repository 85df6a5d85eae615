import type { Messages } from '../i18n/messages.ts';
import { ITEM_TYPES, type ItemRef, type Place } from '../../domain/evaluation/questionnaire.ts';
import type { ShowIfProblem } from '../../domain/evaluation/questionnaire-conditions.ts';
import type { QuestionnaireFormProblem } from '../../domain/evaluation/questionnaire-form.ts';

// The questionnaire domain says what is wrong as a code; these are the sentences a coordinator
// reads, put together from the catalogue. The domain names questions by key; a person knows
// them by their number and text, so the page says how to name each key.

type Texts = Messages['questionnaireProblems'];

/** How the page names the question with a key ("spørgsmål 3 (“Hjalp samtalen dig?”)"). */
export type QuestionName = (key: string) => string;

/** Names the questions of a questionnaire in its order, by their Danish (or only) text. */
export function questionNames(q: Texts, questions: { key: string; text: string }[]): QuestionName {
  const names = new Map<string, string>();
  questions.forEach((question, i) => {
    if (question.key && !names.has(question.key)) names.set(question.key, q.question(i + 1, shortText(question.text)));
  });
  return (key) => names.get(key) ?? q.unknownQuestion(key);
}

/** A long question is named by its beginning: the name sits inside a sentence. */
function shortText(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length <= 60 ? oneLine : `${oneLine.slice(0, 57).trimEnd()}…`;
}

function itemText(q: Texts, name: QuestionName, item: ItemRef): string {
  return 'key' in item ? name(item.key) : q.itemNo(item.no);
}

function placeText(q: Texts, name: QuestionName, place: Place): string {
  if (place.in === 'questionnaire') return q.questionnaire;
  if (place.in === 'item') return itemText(q, name, place.item);
  return q.option(place.no, itemText(q, name, place.item));
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

export function questionnaireProblemText(t: Messages, p: QuestionnaireFormProblem, name: QuestionName): string {
  const q = t.questionnaireProblems;
  switch (p.code) {
    case 'duplicateKey':
      return q.duplicateKey(p.key, p.first, p.second);
    case 'noAnswerableItem':
    case 'badVersion':
    case 'noItems':
      return q[p.code];
    case 'duplicateOption':
      return q.duplicateOption(p.value, name(p.item), p.first, p.second);
    case 'minNotBelowMax':
    case 'limitsNotWhole':
      return q[p.code](name(p.item), p.min, p.max);
    case 'stepMissesEnd':
      return q.stepMissesEnd(name(p.item), p.min, p.max, p.step);
    case 'tooManySteps':
      return q.tooManySteps(name(p.item), p.steps);
    case 'showIfOnItself':
      return q.showIfOnItself(name(p.item));
    case 'showIfCircle':
      return q.showIfCircle(p.keys.map(name));
    case 'showIfUnknownItem':
    case 'showIfTextOnly':
    case 'showIfFreeText':
      return q[p.code](name(p.item), name(p.target));
    case 'showIfLaterItem':
      return q.showIfLaterItem(name(p.item), name(p.target));
    case 'showIfNotAnOption':
      return q.showIfWaitsFor(name(p.item), JSON.stringify(p.value), name(p.target), q.showIfNotAnOption(p.options));
    case 'showIfNotYesNo':
      return q.showIfWaitsFor(name(p.item), JSON.stringify(p.value), name(p.target), q.showIfNotYesNo);
    case 'showIfOutOfRange':
      return q.showIfWaitsFor(name(p.item), JSON.stringify(p.value), name(p.target), q.showIfOutOfRange(p.min, p.max));
    case 'showIfRule':
      return q.showIfRule(showIfRuleText(q, p.rule), placeText(q, name, p.place));
    case 'unknownType':
      return q.unknownType(p.value, placeText(q, name, p.place), ITEM_TYPES.join(', '));
    case 'unknownAudience':
      return q.unknownAudience(p.value);
    case 'textMissing':
      return q.textMissing(p.lang, q.props[p.prop], placeText(q, name, p.place));
    case 'badKey':
    case 'badOptionValue':
      return q[p.code](p.value, placeText(q, name, p.place));
    case 'unknownProperty':
      return q.unknownProperty(p.keys, placeText(q, name, p.place));
    case 'missing':
    case 'wrongForm':
      return q[p.code](q.props[p.prop], placeText(q, name, p.place));
    case 'badStep':
      return q.badStep(placeText(q, name, p.place));
    case 'tooFewOptions':
      return q.tooFewOptions(placeText(q, name, p.place), p.minimum);
    case 'tooSmall':
    case 'tooBig':
      return q[p.code](q.props[p.prop], placeText(q, name, p.place), p.bound, p.unit);
    case 'notANumber':
      return q.notANumber(p.raw);
    case 'scoreNotAllowed':
      return q.scoreNotAllowed(p.line, name(p.question.key));
    case 'showIfAnswerMissing':
      return q.showIfAnswerMissing(name(p.target), name(p.question.key));
  }
}
