/** A start-up problem with the database, told in one line to whoever started the app. */
export class DatabaseStartError extends Error {}
