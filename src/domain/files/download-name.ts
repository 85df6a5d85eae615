// What a downloaded file is called in the person's downloads folder: the title they know the
// document by, in the page's language, and its day in the Danish form ("Personligt statement
// 04.12.2026.pdf"), not one name for every download ("egne-ord.pdf", "egne-ord (1).pdf").

/** A download's name as the person sees it, and its stand-in for programs that read only ASCII. */
export interface DownloadName {
  /** "Mødet med lægen 04.12.2026.pdf": sent as filename*, which browsers prefer. */
  name: string;
  /** "Moedet med laegen 04.12.2026.pdf": sent as filename=, for the few that read only that. */
  ascii: string;
}

/** The name of a file whose title has nothing left to show. */
const FALLBACK = 'Egne ord';

/** Enough of a title to recognise it; downloads folders and some disks stop at 255 bytes. */
const MAX_TITLE = 60;

// Not allowed in a file name on Windows, macOS or Linux, or hidden (control and direction
// characters: a right-to-left override can make "fdp.exe" look like "exe.pdf").
const FORBIDDEN = /[\\/:*?"<>|\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;

// Windows refuses these as a name, whatever the extension.
const RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)$/i;

const DANISH_LETTERS: Record<string, string> = { æ: 'ae', Æ: 'Ae', ø: 'oe', Ø: 'Oe', å: 'aa', Å: 'Aa', ß: 'ss' };

/** A title made safe as a file name: one line, no forbidden characters, no dots or spaces at its ends, not too long. */
function safe(title: string): string {
  const cleaned = title.normalize('NFC').replace(FORBIDDEN, ' ').replace(/\s+/g, ' ');
  const trimmed = (text: string) => text.replace(/^[\s.]+|[\s.]+$/g, '');
  let text = trimmed(cleaned);
  const chars = Array.from(text);
  if (chars.length > MAX_TITLE) {
    const cut = chars.slice(0, MAX_TITLE).join('');
    // At the last space, when that keeps most of it: a word cut in half is harder to recognise.
    const space = cut.lastIndexOf(' ');
    text = trimmed(space > MAX_TITLE / 2 ? cut.slice(0, space) : cut);
  }
  return RESERVED.test(text) ? `${text}_` : text;
}

/** The same name in printable ASCII: æ, ø and å as Danes write them without those keys, dashes as hyphens, accents left off. */
function asciiOf(name: string): string {
  return name
    .replace(/[æÆøØåÅß]/g, (c) => DANISH_LETTERS[c] ?? c)
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .normalize('NFKD')
    .replace(/[^\x20-\x7e]/g, '')
    .replace(/["\\]/g, '')
    .replace(/\s+/g, ' ')
    .replace(/^[\s.]+|[\s.]+$/g, '');
}

/** A calendar day (YYYY-MM-DD) as Danes write it in short: "04.12.2026". */
function danishDay(isoDay: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDay);
  if (!m) throw new Error(`not a calendar day: ${isoDay}`);
  return `${m[3]}.${m[2]}.${m[1]}`;
}

/**
 * The name of a download: its title, then its day when it has one, then the extension.
 * `day` is a calendar day in Danish time (todayIn(ZONE, at)).
 */
export function downloadName(title: string, extension: string, day?: string): DownloadName {
  const base = safe(title) || FALLBACK;
  const ending = `${day ? ` ${danishDay(day)}` : ''}.${extension}`;
  return { name: base + ending, ascii: (asciiOf(base) || FALLBACK) + ending };
}
