import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareSchema, readDeclaredSchema, type DbColumn, type DeclaredColumn, type Table } from '../../scripts/check-schema.ts';

// scripts/check-schema.ts (run by `node scripts/test.ts guardrails` against a migrated PGlite)
// compares the migrated tables with src/server/db/schema.ts. These tests show that it fails
// when the two drift apart, and that it reads schema.ts's aliases as what a select returns.

const root = path.resolve(import.meta.dirname, '../..');

const migrated: Table<DbColumn>[] = [
  {
    name: 'notes',
    columns: [
      { name: 'id', dataType: 'uuid', isArray: false, isNullable: false },
      { name: 'body', dataType: 'bytea', isArray: false, isNullable: false },
      { name: 'hidden_at', dataType: 'timestamptz', isArray: false, isNullable: true },
      { name: 'tags', dataType: 'text', isArray: true, isNullable: false },
    ],
  },
  { name: 'schema_migrations', columns: [{ name: 'name', dataType: 'text', isArray: false, isNullable: false }] },
];

const declared = (): Table<DeclaredColumn>[] => [
  {
    name: 'notes',
    columns: [
      { name: 'id', kinds: ['string'], nullable: false },
      { name: 'body', kinds: ['Uint8Array'], nullable: false },
      { name: 'hidden_at', kinds: ['Date'], nullable: true },
      { name: 'tags', kinds: ['string[]'], nullable: false },
    ],
  },
];

describe('compareSchema', () => {
  it('agrees when schema.ts says what the migrations build', () => {
    expect(compareSchema(migrated, declared())).toEqual([]);
  });

  it('fails when a migration adds a column that schema.ts lacks', () => {
    const withNewColumn = structuredClone(migrated);
    withNewColumn[0]!.columns.push({ name: 'pinned', dataType: 'bool', isArray: false, isNullable: false });
    expect(compareSchema(withNewColumn, declared())).toEqual(['column notes.pinned (bool) is in the migrations but not in schema.ts']);
  });

  it('fails on a table, a column or a nullability only one side has, and on a type the driver does not return', () => {
    const mine = declared();
    mine[0]!.columns[2]!.nullable = false;
    mine[0]!.columns[1]!.kinds = ['string'];
    mine[0]!.columns.push({ name: 'gone', kinds: ['number'], nullable: false });
    mine.push({ name: 'drafts', columns: [] });
    expect(compareSchema([...migrated, { name: 'extra', columns: [] }], mine)).toEqual([
      'column notes.body is bytea (returned as Uint8Array) but schema.ts selects it as string',
      'column notes.hidden_at is nullable in the database but excludes null in schema.ts',
      'column notes.gone is in schema.ts but not in the migrations',
      'table extra is in the migrations but not in schema.ts',
      'table drafts is in schema.ts but not in the migrations',
    ]);
  });
});

describe('readDeclaredSchema', () => {
  it('reads ColumnType, Generated and the Timestamp aliases as what a select returns', () => {
    const tables = readDeclaredSchema(path.join(root, 'src/server/db/schema.ts'));
    const users = tables.find((t) => t.name === 'users')!;
    const column = (name: string) => users.columns.find((c) => c.name === name);
    expect(column('id')).toEqual({ name: 'id', kinds: ['string'], nullable: false });
    expect(column('is_admin')).toEqual({ name: 'is_admin', kinds: ['boolean'], nullable: false });
    expect(column('disabled_at')).toEqual({ name: 'disabled_at', kinds: ['Date'], nullable: true });
    expect(column('totp_secret')).toEqual({ name: 'totp_secret', kinds: ['Uint8Array'], nullable: true });
    expect(column('totp_last_step')).toEqual({ name: 'totp_last_step', kinds: ['string'], nullable: true });
  }, 60_000);
});
