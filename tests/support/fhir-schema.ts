import { createRequire } from 'node:module';

type Validator = { validate(resource: unknown): unknown[] };

// Compiling the whole FHIR R4 JSON schema takes seconds of CPU (many more on a busy machine).
// Test files share their worker's module cache, so one compiled validator serves every file
// that checks an export in that worker.
let validator: Validator | undefined;

/** The schema errors of `resource` against the official FHIR R4 JSON schema ([] when valid). */
export function fhirSchemaErrors(resource: unknown): unknown[] {
  if (!validator) {
    const require = createRequire(import.meta.url);
    const Validator = require('@asymmetrik/fhir-json-schema-validator') as new (schema?: unknown, settings?: unknown) => Validator;
    validator = new Validator(undefined, { allErrors: true, logger: false });
  }
  return validator.validate(resource);
}
