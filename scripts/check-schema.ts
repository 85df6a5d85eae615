// Checks that src/server/db/schema.ts (the types Kysely checks queries against) says what the
// migrations build: the same tables and columns, the same nullability, and TypeScript types that
// the driver really returns for each column type. Run by `node scripts/test.ts guardrails`.
// The database side is read by kysely-codegen's introspector from a freshly migrated in-memory
// PGlite; the TypeScript side by the compiler's type checker, so aliases such as Timestamp,
// Generated<…> and ColumnType<…> count as what a select returns.
import path from 'node:path';
import ts from 'typescript';

export interface DbColumn {
  name: string;
  /** PostgreSQL type name as in pg_type (int4, timestamptz, …), or the enum's name. */
  dataType: string;
  isArray: boolean;
  isNullable: boolean;
  enumValues?: string[] | null;
}

export interface DeclaredColumn {
  name: string;
  /** What a select returns, one entry per kind of union member (null not included). */
  kinds: TsKind[];
  nullable: boolean;
}

export type TsKind = 'string' | 'number' | 'boolean' | 'Date' | 'Uint8Array' | 'string[]' | 'array' | 'unknown' | 'object';

export interface Table<C> {
  name: string;
  columns: C[];
}

/** Tables that are not part of the Kysely schema on purpose, with the reason. */
const notInSchema: Record<string, string> = {
  schema_migrations: 'bookkeeping of database.ts migrate(), written with plain SQL',
};

/** What the drivers (pg with database.ts's parsers, and PGlite) return for each column type. */
const returns: Record<string, TsKind[]> = {
  text: ['string'],
  varchar: ['string'],
  bpchar: ['string'],
  uuid: ['string'],
  citext: ['string'],
  int2: ['number'],
  int4: ['number'],
  float4: ['number'],
  float8: ['number'],
  // int8 stays a string (database.ts sets the pg parser to match PGlite); numeric is a string in both.
  int8: ['string'],
  numeric: ['string'],
  bool: ['boolean'],
  timestamptz: ['Date'],
  timestamp: ['Date'],
  // pg parses a date to a Date; queries that cast it to text name it string.
  date: ['Date', 'string'],
  bytea: ['Uint8Array'],
  json: ['unknown', 'object', 'string', 'number', 'boolean', 'array', 'string[]'],
  jsonb: ['unknown', 'object', 'string', 'number', 'boolean', 'array', 'string[]'],
};

function allowedKinds(column: DbColumn): TsKind[] | undefined {
  if (column.isArray) return column.dataType === 'text' || column.dataType === 'uuid' || column.dataType === 'varchar' ? ['string[]'] : ['array'];
  if (column.enumValues) return ['string'];
  return returns[column.dataType];
}

/** Every way schema.ts and the migrated database disagree, one line each; empty when they agree. */
export function compareSchema(database: Table<DbColumn>[], declared: Table<DeclaredColumn>[]): string[] {
  const problems: string[] = [];
  const declaredByName = new Map(declared.map((t) => [t.name, t]));
  const databaseByName = new Map(database.map((t) => [t.name, t]));
  for (const table of database) {
    if (table.name in notInSchema) continue;
    const mine = declaredByName.get(table.name);
    if (!mine) {
      problems.push(`table ${table.name} is in the migrations but not in schema.ts`);
      continue;
    }
    const columns = new Map(mine.columns.map((c) => [c.name, c]));
    for (const column of table.columns) {
      const where = `${table.name}.${column.name}`;
      const declaredColumn = columns.get(column.name);
      if (!declaredColumn) {
        problems.push(`column ${where} (${column.dataType}${column.isArray ? '[]' : ''}) is in the migrations but not in schema.ts`);
        continue;
      }
      if (column.isNullable !== declaredColumn.nullable) {
        problems.push(
          `column ${where} is ${column.isNullable ? 'nullable' : 'not null'} in the database but ${declaredColumn.nullable ? 'includes' : 'excludes'} null in schema.ts`,
        );
      }
      const allowed = allowedKinds(column);
      if (!allowed) {
        problems.push(`column ${where} has type ${column.dataType}, which scripts/check-schema.ts does not know: add it to \`returns\``);
        continue;
      }
      const wrong = declaredColumn.kinds.filter((k) => !allowed.includes(k));
      if (wrong.length > 0) {
        problems.push(
          `column ${where} is ${column.dataType}${column.isArray ? '[]' : ''} (returned as ${allowed.join(' or ')}) but schema.ts selects it as ${wrong.join(' | ')}`,
        );
      }
    }
    const inDatabase = new Set(table.columns.map((c) => c.name));
    for (const column of mine.columns) {
      if (!inDatabase.has(column.name)) problems.push(`column ${table.name}.${column.name} is in schema.ts but not in the migrations`);
    }
  }
  for (const table of declared) {
    if (!databaseByName.has(table.name)) problems.push(`table ${table.name} is in schema.ts but not in the migrations`);
  }
  return problems;
}

/** Reads the `Database` interface of schema.ts with the type checker: table → column → what a select returns. */
export function readDeclaredSchema(schemaFile: string): Table<DeclaredColumn>[] {
  const program = ts.createProgram([schemaFile], {
    target: ts.ScriptTarget.ES2024,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    noEmit: true,
    allowImportingTsExtensions: true,
    skipLibCheck: true,
    types: [],
  });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(schemaFile);
  if (!source) throw new Error(`cannot read ${schemaFile}`);
  const databaseInterface = source.statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === 'Database');
  if (!databaseInterface) throw new Error(`${schemaFile} has no interface Database`);
  const database = checker.getTypeAtLocation(databaseInterface);
  return database.getProperties().map((table) => {
    const tableType = checker.getTypeOfSymbol(table);
    return {
      name: table.name,
      columns: tableType.getProperties().map((column) => describeColumn(checker, column.name, checker.getTypeOfSymbol(column))),
    };
  });
}

function describeColumn(checker: ts.TypeChecker, name: string, type: ts.Type): DeclaredColumn {
  let nullable = false;
  const kinds = new Set<TsKind>();
  const visit = (t: ts.Type): void => {
    // ColumnType<Select, Insert, Update> (and Generated<T>, which is one) keeps the select type in __select__.
    const select = t.getProperty('__select__');
    if (t.isUnion()) t.types.forEach(visit);
    else if (t.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined)) nullable = true;
    else if (select) visit(checker.getTypeOfSymbol(select));
    else kinds.add(kindOf(checker, t));
  };
  visit(type);
  return { name, kinds: [...kinds], nullable };
}

function kindOf(checker: ts.TypeChecker, type: ts.Type): TsKind {
  if (type.flags & ts.TypeFlags.StringLike) return 'string';
  if (type.flags & ts.TypeFlags.NumberLike) return 'number';
  if (type.flags & ts.TypeFlags.BooleanLike) return 'boolean';
  if (type.flags & (ts.TypeFlags.Unknown | ts.TypeFlags.Any)) return 'unknown';
  if (checker.isArrayType(type)) {
    const [element] = checker.getTypeArguments(type as ts.TypeReference);
    return element && element.flags & ts.TypeFlags.StringLike ? 'string[]' : 'array';
  }
  const symbolName = type.getSymbol()?.getName();
  if (symbolName === 'Date') return 'Date';
  if (symbolName === 'Uint8Array' || symbolName === 'Buffer') return 'Uint8Array';
  return 'object';
}

/** The tables of a freshly migrated in-memory PGlite, as kysely-codegen's introspector sees them. */
export async function readMigratedSchema(): Promise<Table<DbColumn>[]> {
  const { PostgresIntrospector } = await import('kysely-codegen');
  const { openDatabase } = await import('../src/server/db/database.ts');
  const opened = await openDatabase({ dataDir: '', inMemory: true });
  try {
    const metadata = await new PostgresIntrospector().introspect({ db: opened.db as never });
    return metadata.tables.filter((t) => t.schema === 'public' || t.schema === undefined).map((t) => ({ name: t.name, columns: t.columns }));
  } finally {
    await opened.close();
  }
}

if (import.meta.main) {
  const root = path.resolve(import.meta.dirname, '..');
  const problems = compareSchema(await readMigratedSchema(), readDeclaredSchema(path.join(root, 'src/server/db/schema.ts')));
  if (problems.length > 0) {
    console.error(`schema.ts does not match the migrated database:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    process.exit(1);
  }
  console.log('schema.ts matches the migrated database');
}
