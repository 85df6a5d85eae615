import { createEmbeddedDatabase } from './database.ts';

// `node create-embedded.ts FOLDER`: creates and migrates a new embedded database, then exits, so
// that the memory creating it takes is given back with the process (see createInChildProcess).
const folder = process.argv[2];
if (!folder) {
  process.stderr.write('usage: create-embedded.ts FOLDER\n');
  process.exit(2);
}
await createEmbeddedDatabase(folder);
