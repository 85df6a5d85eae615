// A kept form (services/kept-forms.ts) is shown back to its sender before it is sent on. Only
// what reads as something they wrote is shown: a form also carries ids, revisions and the keys
// of chosen options, which mean nothing to a person and would put identifiers on the page.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The values a person typed, in the form's order: text with a letter and a space in it. */
export function keptFormTexts(fields: Readonly<Record<string, string | readonly string[]>>): string[] {
  const texts: string[] = [];
  for (const [name, value] of Object.entries(fields)) {
    if (name.startsWith('_')) continue;
    for (const one of typeof value === 'string' ? [value] : value) {
      const text = one.trim();
      if (/\p{L}/u.test(text) && /\s/.test(text) && !UUID.test(text)) texts.push(text);
    }
  }
  return texts;
}
