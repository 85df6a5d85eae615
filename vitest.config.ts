import { defineConfig } from 'vitest/config';
import { CHILD_NODE_ARGS } from './tests/support/wait.ts';

// Whole-test timeouts are only a last resort against a hang: on a busy machine a journey may be
// slow without being wrong. Waiting for something (a server, a page) has its own, shorter limit.
const workers = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

// Test files share their worker's module cache (isolate: false): every file starts its own app,
// database and browser, and no module keeps per-test state, so re-importing the whole server for
// each file only cost time — a third of the integration stage's CPU.

// The test workers run with the flags of the processes the tests spawn (CHILD_NODE_ARGS: PGlite's
// WebAssembly compiled by V8's baseline compiler only): optimising it in the background cost a
// fifth of a PGlite test file's CPU, more than the faster code won back in files that run for
// seconds (three integration files on PGlite: 46.4 against 37.6 s of CPU).
const testNodeFlags = [...CHILD_NODE_ARGS];

// Three levels of tests: fast unit tests beside the domain code, integration tests
// against a real database (run once on PGlite and once on PostgreSQL by scripts/test.ts),
// and browser journeys in Debian's Chromium.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'tests/architecture/**/*.test.ts', 'tests/support/**/*.test.ts'],
          environment: 'node',
          isolate: false,
          // Side by side with the other stages, 100,000 characters through the writing helper
          // took over 5 s; speed is measured in `npm run bench`, not here.
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          environment: 'node',
          isolate: false,
          globalSetup: ['tests/support/global-setup.ts'],
          testTimeout: 600_000,
          hookTimeout: 600_000,
          pool: 'forks',
          // Each file has its own app and database, so files run side by side.
          maxWorkers: workers('TEST_INTEGRATION_WORKERS', 2),
          execArgv: testNodeFlags,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['tests/browser/**/*.test.ts'],
          environment: 'node',
          isolate: false,
          globalSetup: ['tests/support/global-setup.ts'],
          testTimeout: 900_000,
          hookTimeout: 600_000,
          pool: 'forks',
          maxWorkers: workers('TEST_BROWSER_WORKERS', 1),
          execArgv: testNodeFlags,
          expect: { poll: { timeout: 180_000 } },
        },
      },
    ],
  },
});
