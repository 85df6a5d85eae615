// The guide format: a deliberately tiny text format that people can write in a plain text
// box. It knows only what a short guide needs:
//
//   # Heading            a heading
//   ## Smaller heading   a sub-heading
//   - item / * item      a bullet list
//   - [ ] item           a checklist item (a reader can save these to their own notes)
//   other lines          paragraphs; a blank line starts a new paragraph
//
// There is no markup, no links and no HTML: the tree holds plain strings only, and every view
// escapes them. Whatever a guide contains — `<script>` included — is shown as the text it is.

export type GuideBlock =
  | { type: 'heading'; level: 1 | 2; text: string }
  | { type: 'paragraph'; text: string }
  | { type: 'list'; items: string[] }
  | { type: 'checklist'; items: string[] };

export const GUIDE_LIMITS = { title: 150, summary: 400, body: 20000, line: 1000 } as const;

const HEADING = /^(#{1,2})\s+(.*)$/;
const CHECK = /^[-*]\s+\[\s?\]\s+(.*)$/;
const BULLET = /^[-*]\s+(.*)$/;

/** Parses guide text into blocks. Never fails: anything it does not recognise is a paragraph. */
export function parseGuide(text: string): GuideBlock[] {
  const blocks: GuideBlock[] = [];
  let paragraph: string[] = [];
  const flush = () => {
    if (paragraph.length) blocks.push({ type: 'paragraph', text: paragraph.join(' ') });
    paragraph = [];
  };
  const pushItem = (type: 'list' | 'checklist', item: string) => {
    flush();
    const last = blocks[blocks.length - 1];
    if (last && last.type === type) last.items.push(item);
    else blocks.push({ type, items: [item] });
  };
  for (const raw of text.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.trim().replace(/\s+/g, ' ');
    if (line === '') {
      flush();
      // A blank line also ends a list, so two lists can follow each other.
      blocks.push({ type: 'paragraph', text: '' });
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading && heading[2]!.trim()) {
      flush();
      blocks.push({ type: 'heading', level: heading[1]!.length === 1 ? 1 : 2, text: heading[2]!.trim() });
      continue;
    }
    const check = CHECK.exec(line);
    if (check && check[1]!.trim()) {
      pushItem('checklist', check[1]!.trim());
      continue;
    }
    const bullet = BULLET.exec(line);
    if (bullet && bullet[1]!.trim()) {
      pushItem('list', bullet[1]!.trim());
      continue;
    }
    paragraph.push(line);
  }
  flush();
  return blocks.filter((b) => !(b.type === 'paragraph' && b.text === ''));
}

/** Every checklist item of a guide, in order; their index is how a reader picks them. */
export function checklistItems(blocks: GuideBlock[]): string[] {
  return blocks.flatMap((b) => (b.type === 'checklist' ? b.items : []));
}

/** A guide as it is stored, once the form's schema (routes/guides.ts) has checked it. */
export interface GuideText {
  title: string;
  summary: string;
  language: 'da' | 'en';
  body: string;
}

export interface GuidePdfSection {
  heading: string;
  paragraphs?: string[];
  items?: string[];
}

/**
 * The guide as sections for the A4 PDF: each heading starts a section; text that follows a list
 * within the same heading continues in a section without a heading, so the order is kept.
 * Checklist items get an empty box to tick on paper.
 */
export function guidePdfSections(blocks: GuideBlock[], box = '\u25a1'): GuidePdfSection[] {
  const sections: GuidePdfSection[] = [];
  let current: GuidePdfSection | undefined;
  const open = (heading: string) => {
    current = { heading };
    sections.push(current);
    return current;
  };
  for (const b of blocks) {
    if (b.type === 'heading') {
      open(b.text);
      continue;
    }
    let section: GuidePdfSection = current ?? open('');
    if (b.type === 'paragraph') {
      if (section.items) section = open('');
      (section.paragraphs ??= []).push(b.text);
    } else {
      const items = b.type === 'checklist' ? b.items.map((i) => `${box} ${i}`) : b.items;
      if (section.items) section = open('');
      section.items = [...items];
    }
  }
  return sections;
}
