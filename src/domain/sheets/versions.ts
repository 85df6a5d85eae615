import { asText, type StatementAnswers } from './answers.ts';

/**
 * Saves by the same person close together are kept as one version (one per stretch of writing,
 * not one per autosave). A save that takes away a larger piece of text starts a new version
 * instead, so the text as it was before stays in the list of versions and can be taken back:
 * a paragraph deleted or written over by mistake is then never lost to the folding.
 */
export const REMOVED_CHARACTERS_FOR_NEW_VERSION = 40;

/**
 * How many characters of `before` are gone from `after`: the part of the old text between what
 * the two have in common at the start and at the end. Typing at the end removes nothing,
 * changing a word removes that word, deleting or replacing a paragraph removes the paragraph.
 * (Cheap and enough for this: it is not a diff. Two separate edits count as one span.)
 */
export function removedCharacters(before: string, after: string): number {
  const shortest = Math.min(before.length, after.length);
  let start = 0;
  while (start < shortest && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let end = 0;
  while (end < shortest - start && before.charCodeAt(before.length - 1 - end) === after.charCodeAt(after.length - 1 - end)) end++;
  return before.length - start - end;
}

/** Whether saving `after` over `before` takes away enough text from some part to keep `before`
 * as a version of its own. */
export function removesText(before: StatementAnswers, after: StatementAnswers): boolean {
  if (removedCharacters(before.summary, after.summary) >= REMOVED_CHARACTERS_FOR_NEW_VERSION) return true;
  for (const key of Object.keys(before.fields)) {
    if (removedCharacters(asText(before.fields[key]), asText(after.fields[key])) >= REMOVED_CHARACTERS_FOR_NEW_VERSION) return true;
  }
  return false;
}
