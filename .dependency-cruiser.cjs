// The README's architecture diagram as import rules, checked by `node scripts/test.ts guardrails`:
//   routes → services → repositories → db, with the domain pure and the browser scripts apart.
// There are no exceptions: every import in src/ keeps these rules.
// tests/architecture/dependencies.test.ts shows that a rule broken on purpose fails the check.
// Line-level rules (SQL only in repositories, access only in the policy, …) live in tests/architecture/rules.ts.

const server = '^src/server/';
const layer = (name) => `^src/server/${name}/`;
const notTests = '\\.test\\.ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'The domain is pure code: nothing of the server, the browser scripts or the command line. (A test beside it may check how the server words its codes.)',
      severity: 'error',
      from: { path: '^src/domain/', pathNot: '\\.test\\.ts$' },
      to: { path: ['^src/server/', '^src/client/', '^src/cli/'] },
    },
    {
      name: 'domain-has-no-io',
      comment: 'The domain does no I/O: no files, network, HTTP or child processes.',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: {
        dependencyTypes: ['core'],
        path: '^(node:)?(fs|fs/promises|net|http|https|http2|tls|dgram|dns|child_process|worker_threads|cluster)$',
      },
    },
    {
      name: 'routes-call-services',
      comment: 'Routes parse input and call one service function; queries and the database belong below the services.',
      severity: 'error',
      from: { path: layer('routes') },
      to: { path: [layer('repositories'), layer('db')], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'services-below-the-web',
      comment: 'Services know nothing of routes, views or the HTTP pipeline (errors come from server/errors.ts, deps from server/deps.ts).',
      severity: 'error',
      from: { path: layer('services') },
      to: { path: [layer('routes'), layer('views'), layer('http')] },
    },
    {
      name: 'repositories-are-the-bottom',
      comment: 'Repositories hold the queries only: no services, routes, views or HTTP.',
      severity: 'error',
      from: { path: layer('repositories') },
      to: { path: [layer('services'), layer('routes'), layer('views'), layer('http')] },
    },
    {
      name: 'db-is-the-bottom',
      comment: 'The database layer (connection, migrations, schema) depends on nothing above it.',
      severity: 'error',
      from: { path: layer('db') },
      to: { path: [layer('repositories'), layer('services'), layer('routes'), layer('views'), layer('http'), layer('policy')] },
    },
    {
      name: 'views-render-view-models',
      comment: 'Views render what services hand them: no queries, no database; only the types of services (view models).',
      severity: 'error',
      from: { path: layer('views') },
      to: { path: [layer('repositories'), layer('db')] },
    },
    {
      name: 'views-only-types-of-services',
      comment: 'A view may name a service\'s view-model type but never call a service.',
      severity: 'error',
      from: { path: layer('views') },
      to: { path: layer('services'), dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'policy-decides-alone',
      comment: 'The policy decides from the actor and the facts it is handed; it loads nothing and calls no use case.',
      severity: 'error',
      from: { path: layer('policy') },
      to: { path: [layer('services'), layer('repositories'), layer('routes')] },
    },
    {
      name: 'http-calls-no-repositories',
      comment: 'The request pipeline reaches data through services, not repositories.',
      severity: 'error',
      from: { path: layer('http') },
      to: { path: layer('repositories') },
    },
    {
      name: 'client-apart-from-server',
      comment: 'The browser scripts are bundled on their own: nothing of the server.',
      severity: 'error',
      from: { path: '^src/client/', pathNot: notTests },
      to: { path: [server, '^src/cli/'] },
    },
    {
      name: 'no-circular',
      comment:
        'Modules that import each other at run time cannot be understood (or moved) one at a time. ' +
        'A cycle closed only by type imports is allowed: the English catalogue names the type of the Danish one so tsc checks every key.',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that resolves to nothing fails at run time.',
      severity: 'error',
      from: {},
      // fhir/r4.js is the type-only entry of @types/fhir (erased at run time).
      to: { couldNotResolve: true, pathNot: '^fhir/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['\\.d\\.ts$'] },
    // Type-only imports count: a view naming a repository's row type is still coupled to it.
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.json'], exportsFields: ['exports'], conditionNames: ['node', 'import', 'require', 'default'] },
  },
};
