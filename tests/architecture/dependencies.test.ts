import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The import rules of .dependency-cruiser.cjs (run over src/ by `node scripts/test.ts guardrails`)
// must be able to fail: this cruises a small tree that breaks each rule on purpose, beside
// imports the rules allow, and expects exactly the broken ones to be reported.

const root = path.resolve(import.meta.dirname, '../..');
// dependency-cruiser needs Node 22 or later; the project's own Node is in node_modules.
const nodeBin = fs.existsSync(path.join(root, 'node_modules/.bin/node')) ? path.join(root, 'node_modules/.bin/node') : process.execPath;
const depcruise = path.join(root, 'node_modules/dependency-cruiser/bin/dependency-cruiser.mjs');

const tree: Record<string, string> = {
  // Broken on purpose.
  'src/domain/leaky.ts': "import { config } from '../server/config.ts';\nexport const a = config;\n",
  'src/domain/reads-files.ts': "import fs from 'node:fs';\nexport const b = fs.existsSync('x');\n",
  'src/server/routes/queries.ts': "import { find } from '../repositories/things.ts';\nexport const c = find;\n",
  'src/server/services/renders.ts': "import { page } from '../views/page.ts';\nexport const d = page;\n",
  'src/server/repositories/calls-up.ts': "import { work } from '../services/work.ts';\nexport const e = work;\n",
  'src/server/views/calls-service.ts': "import { work } from '../services/work.ts';\nexport const f = work;\n",
  'src/server/views/reads-rows.ts': "import type { Row } from '../db/schema.ts';\nexport type G = Row;\n",
  'src/server/policy/loads.ts': "import { find } from '../repositories/things.ts';\nexport const h = find;\n",
  'src/server/http/loads.ts': "import { find } from '../repositories/things.ts';\nexport const i = find;\n",
  'src/client/uses-server.ts': "import { config } from '../server/config.ts';\nexport const j = config;\n",
  'src/server/services/ping.ts': "import { pong } from './pong.ts';\nexport const ping = () => pong;\n",
  'src/server/services/pong.ts': "import { ping } from './ping.ts';\nexport const pong = () => ping;\n",
  // Allowed.
  'src/server/config.ts': 'export const config = {};\n',
  'src/server/db/schema.ts': 'export interface Row { id: string }\n',
  'src/server/repositories/things.ts': "import type { Row } from '../db/schema.ts';\nexport const find = (): Row[] => [];\n",
  'src/server/services/work.ts': "import { find } from '../repositories/things.ts';\nexport interface Model { n: number }\nexport const work = () => find();\n",
  'src/server/views/page.ts': "import type { Model } from '../services/work.ts';\nexport const page = (m: Model) => String(m.n);\n",
  'src/server/routes/thin.ts':
    "import { work } from '../services/work.ts';\nimport { page } from '../views/page.ts';\nexport const k = () => [work(), page({ n: 1 })];\n",
  'src/domain/pure.ts': "import { z } from 'zod';\nexport const l = z.string();\n",
};

const expected = [
  'client-apart-from-server: src/client/uses-server.ts → src/server/config.ts',
  'domain-has-no-io: src/domain/reads-files.ts → fs',
  'domain-is-pure: src/domain/leaky.ts → src/server/config.ts',
  'http-calls-no-repositories: src/server/http/loads.ts → src/server/repositories/things.ts',
  'no-circular: src/server/services/ping.ts → src/server/services/pong.ts',
  'policy-decides-alone: src/server/policy/loads.ts → src/server/repositories/things.ts',
  'repositories-are-the-bottom: src/server/repositories/calls-up.ts → src/server/services/work.ts',
  'routes-call-services: src/server/routes/queries.ts → src/server/repositories/things.ts',
  'services-below-the-web: src/server/services/renders.ts → src/server/views/page.ts',
  'views-only-types-of-services: src/server/views/calls-service.ts → src/server/services/work.ts',
  'views-render-view-models: src/server/views/reads-rows.ts → src/server/db/schema.ts',
];

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'depcruise-fixture-'));
  for (const [file, text] of Object.entries(tree)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  // Resolving the fixture's one package import needs a node_modules beside it.
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
});
afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('the import rules (.dependency-cruiser.cjs)', () => {
  it('fail on a tree that breaks each rule, and report only the broken imports', () => {
    // The same reporter as the guard-rails stage: its exit code is what fails the test command.
    const r = spawnSync(nodeBin, [depcruise, 'src', '--config', path.join(root, '.dependency-cruiser.cjs'), '--output-type', 'err'], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect(r.status, r.stderr).not.toBe(0);
    // "  error rule: from → to" (a cycle goes on over the next lines; its first step is enough).
    const found = [...r.stdout.matchAll(/^\s*error (\S+): (\S+) →\s+(\S+)/gm)].map(([, rule, from, to]) => `${rule}: ${from} → ${to}`);
    expect([...new Set(found)].sort()).toEqual(expected);
  }, 60_000);
});
