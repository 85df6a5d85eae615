// The house rules of the README's architecture, as code. Each rule looks at one source file's
// path and text and reports the lines that break it. `architecture.test.ts` runs them over the
// whole tree (and over files broken on purpose, to show that each rule can fail).
// Layering between folders is checked by dependency-cruiser (.dependency-cruiser.cjs).

export interface Violation {
  rule: string;
  file: string;
  line: number;
  text: string;
}

interface Rule {
  name: string;
  why: string;
  /** Files the rule looks at. */
  appliesTo: (file: string) => boolean;
  /** Files that may do it, with the reason. */
  exempt: Record<string, string>;
  pattern: RegExp;
}

const server = (f: string) => f.startsWith('src/server/') && !f.endsWith('.test.ts');

export const rules: Rule[] = [
  {
    name: 'sql-only-in-repositories',
    why: 'Only repositories contain SQL; services call repository functions.',
    appliesTo: (f) =>
      (server(f) || f.startsWith('src/cli/') || f.startsWith('src/domain/')) && !f.startsWith('src/server/repositories/') && !f.startsWith('src/server/db/'),
    exempt: {},
    pattern: /\.(selectFrom|insertInto|updateTable|deleteFrom|mergeInto|selectNoFrom)\(|\bsql(<[^>]*>)?`|\bsql\.(raw|ref|table|id|lit|join)\(/,
  },
  {
    name: 'transactions-only-in-use-cases',
    why: 'A service opens its transaction through useCase/withoutAudit, which also binds the audit writer.',
    appliesTo: (f) => server(f) && !f.startsWith('src/server/db/'),
    exempt: { 'src/server/services/use-case.ts': 'the wrapper itself' },
    pattern: /\.transaction\(\)/,
  },
  {
    name: 'audit-only-through-use-cases',
    why: 'The audit row is written with the transaction of the work (Work.audit), never on its own.',
    appliesTo: (f) => server(f) || f.startsWith('src/cli/'),
    exempt: {
      'src/server/services/use-case.ts': 'binds audit() to the transaction',
      'src/server/services/audit.ts': 'the audit writer itself',
      'src/server/repositories/audit.ts': 'the audit table',
    },
    pattern: /from '[./]*services\/audit\.ts'|from '\.\/audit\.ts'|\binsertAudit\(/,
  },
  {
    name: 'access-decided-only-in-policy',
    why: 'Roles, memberships and admin flags are read by the policy only; others ask can/authorize.',
    appliesTo: (f) =>
      (server(f) || f.startsWith('src/cli/')) &&
      !f.startsWith('src/server/policy/') &&
      !f.startsWith('src/server/repositories/') &&
      !f.startsWith('src/server/db/'),
    exempt: {
      'src/server/services/sessions.ts': 'builds the actor from the session row',
      'src/server/services/audit.ts': 'records which kind of actor acted, after the decision',
    },
    pattern: /\.(isAdmin|userKind|memberships|hasSecondFactor|secondFactorPending)\b|\bhasRole\(|policy\/legacy\.ts/,
  },
  {
    name: 'today-in-danish-time',
    why: '"Today" is the Danish calendar date: todayIn(ZONE, now), not the UTC date.',
    appliesTo: (f) => (server(f) || f.startsWith('src/domain/')) && !f.startsWith('src/domain/time/'),
    exempt: {},
    pattern: /toISOString\(\)\.slice\(0, ?10\)/,
  },
  {
    name: 'errors-not-from-http',
    why: "Services, repositories and views throw the errors in server/errors.ts, not the web layer's.",
    appliesTo: (f) => server(f) && /^src\/server\/(services|repositories|views|policy|pdf|domain)\//.test(f),
    exempt: {},
    pattern: /from '[./]*http\//,
  },
  {
    name: 'evaluation-answers-only-through-disclosure',
    why: 'Answers and tallies are read for display only by the release service, which lets them out through src/domain/evaluation/disclosure/.',
    appliesTo: (f) => server(f) || f.startsWith('src/cli/') || f.startsWith('src/domain/'),
    exempt: {
      'src/server/services/evaluation/releases.ts': 'makes the releases every report, PDF, CSV and FHIR export is built from',
      'src/server/repositories/evaluation/reports.ts': 'the queries the release service runs',
      'src/server/repositories/evaluation/responses.ts': 'writes answers and their tallies',
    },
    pattern: /repositories\/evaluation\/reports\.ts'|(selectFrom|innerJoin|leftJoin|rightJoin|fullJoin)\(\s*'(answers|answer_tallies)'/,
  },
  {
    name: 'domain-returns-codes',
    why: 'The domain returns codes with their parameters; the words are in the catalogue (server/i18n) and the view picks them.',
    appliesTo: (f) => f.startsWith('src/domain/') && !f.endsWith('.test.ts'),
    exempt: {
      'src/domain/evaluation/defaults.ts': 'built-in questionnaires: content stored as data, not words of the interface',
      'src/domain/sheets/builtin-templates.ts': 'built-in sheet templates: content stored as data',
      'src/domain/assessment/items.ts': "the self-assessment's own items: content, versioned with ITEMS_VERSION",
      'src/domain/evaluation/disclosure/questionnaire-tables.ts': 'still to move: the yes/no labels of a released table',
      'src/domain/writing-helper/analyse.ts': "still to move: the writing helper's advice",
      'src/domain/writing-helper/lix.ts': 'still to move: the names of the readability bands',
      'src/domain/sheets/template-schema.ts': "still to move: the sheet template checker's messages",
      'src/domain/sheets/answers.ts': 'still to move: the messages about answers that are too long',
      'src/domain/sheets/flow.ts': 'still to move: the names of the check and print steps',
      'src/domain/validation/issues.ts': 'still to move: size messages for the sheet template checker',
    },
    pattern: /\b(da|en): ['"`]/,
  },
];

export function check(file: string, text: string, only: Rule[] = rules): Violation[] {
  const out: Violation[] = [];
  for (const rule of only) {
    if (!rule.appliesTo(file) || file in rule.exempt) continue;
    const lines = text.split('\n');
    lines.forEach((line, i) => {
      if (/^\s*(\/\/|\*)/.test(line)) return;
      if (rule.pattern.test(line)) out.push({ rule: rule.name, file, line: i + 1, text: line.trim().slice(0, 160) });
    });
  }
  return out;
}
