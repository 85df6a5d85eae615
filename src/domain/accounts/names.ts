/** The longest name one may choose to be called: it stands in headings, lists and on a printed sheet. */
export const CHOSEN_NAME_MAX = 60;
