// Searching the peer directory: case-insensitive, Danish letters included, and the old
// spelling "aa" finds "å" (Aabenraa, Åbenrå). Done in code rather than SQL so PostgreSQL and
// the embedded database answer alike whatever their collation, and so % and _ are just text.

export function foldForSearch(text: string): string {
  return text.normalize('NFC').toLocaleLowerCase('da-DK').replace(/å/g, 'aa').replace(/\s+/g, ' ').trim();
}

/** Every word of the query must appear somewhere in the entry's searchable text. */
export function matchesQuery(fields: readonly string[], query: string): boolean {
  const words = foldForSearch(query).split(' ').filter(Boolean);
  if (words.length === 0) return true;
  const haystack = fields.map(foldForSearch).join('\n');
  return words.every((w) => haystack.includes(w));
}

/** How long a directory entry's texts may be: short enough to read as a list. */
export const DIRECTORY_LIMITS = { helpText: 1000, contact: 500 } as const;
