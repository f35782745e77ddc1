/**
 * The database types the code is written against (db/schema.ts + db/tables/*.ts, by hand) as data,
 * read with the TypeScript compiler, and the migrated database's columns as the same data, read from
 * pg_catalog — so tests/integration/schema-types.test.ts can compare them table by table.
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import type pg from "pg";

/** What the comparison looks at: the shape of a value read, and whether an insert may leave it out. */
export type Kind = "string" | "number" | "boolean" | "Date" | "array" | "json" | "other";

export interface ColumnShape {
  kind: Kind;
  nullable: boolean;
  /** TS: the insert type admits undefined; database: a default, an identity or a generated column */
  optionalOnInsert: boolean;
}

export type SchemaShape = Record<string, Record<string, ColumnShape>>;

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "../..");

/** Reads `Database` from db/schema.ts (or `file`, for the negative control) with the project's tsconfig. */
export function schemaFromTypes(file = join(ROOT, "db/schema.ts"), interfaceName = "Database"): SchemaShape {
  const config = ts.readConfigFile(join(ROOT, "tsconfig.json"), (p) => ts.sys.readFile(p));
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
  const program = ts.createProgram([file], { ...options, noEmit: true });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file);
  if (!source) throw new Error(`cannot read ${file}`);
  const declaration = source.statements.find(
    (s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === interfaceName,
  );
  if (!declaration) throw new Error(`no interface ${interfaceName} in ${file}`);
  const database = checker.getTypeAtLocation(declaration);

  const shape: SchemaShape = {};
  for (const table of checker.getPropertiesOfType(database)) {
    const tableType = checker.getTypeOfSymbolAtLocation(table, declaration);
    const columns: Record<string, ColumnShape> = {};
    for (const column of checker.getPropertiesOfType(tableType)) {
      const columnType = checker.getTypeOfSymbolAtLocation(column, declaration);
      // Kysely's ColumnType<Select, Insert, Update> (and Generated<T>) carry the three as __select__ &
      // co.; like Kysely's SelectType/InsertType, a union (`Timestamp | null`) is taken member by member.
      const part = (t: ts.Type, name: "__select__" | "__insert__"): ts.Type[] => {
        const property = checker.getPropertyOfType(t, name);
        const inner = property ? checker.getTypeOfSymbolAtLocation(property, declaration) : t;
        return inner.isUnion() ? inner.types : [inner];
      };
      const union = columnType.isUnion() ? columnType.types : [columnType];
      const selected = union.flatMap((t) => part(t, "__select__"));
      const inserted = union.flatMap((t) => part(t, "__insert__"));
      const values = selected.filter((t) => !(t.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined)));
      columns[column.name] = {
        kind: kindOf(checker, values),
        nullable: selected.some((t) => t.flags & ts.TypeFlags.Null),
        optionalOnInsert:
          inserted.some((t) => t.flags & ts.TypeFlags.Undefined) ||
          !!(column.flags & ts.SymbolFlags.Optional),
      };
    }
    shape[table.name] = columns;
  }
  return shape;
}

function kindOf(checker: ts.TypeChecker, types: readonly ts.Type[]): Kind {
  const kinds = new Set<Kind>(
    types.map((t) => {
      if (t.flags & (ts.TypeFlags.String | ts.TypeFlags.StringLiteral | ts.TypeFlags.TemplateLiteral))
        return "string";
      if (t.flags & (ts.TypeFlags.Number | ts.TypeFlags.NumberLiteral)) return "number";
      if (t.flags & (ts.TypeFlags.Boolean | ts.TypeFlags.BooleanLiteral)) return "boolean";
      if (checker.isArrayType(t) || checker.isTupleType(t)) return "array";
      if (t.getSymbol()?.name === "Date") return "Date";
      if (t.flags & ts.TypeFlags.Unknown) return "json";
      return "other";
    }),
  );
  return kinds.size === 1 ? [...kinds][0]! : "other";
}

/**
 * What each PostgreSQL type reads back as through pg (db/client.ts: `date` stays "YYYY-MM-DD"; int8 and
 * numeric come back as strings). json/jsonb may be typed as anything the code puts in.
 */
function kindOfPg(type: string): Kind {
  if (type.startsWith("_")) return "array";
  if (["int2", "int4", "float4", "float8", "oid"].includes(type)) return "number";
  if (type === "bool") return "boolean";
  if (["timestamptz", "timestamp"].includes(type)) return "Date";
  if (["json", "jsonb"].includes(type)) return "json";
  if (
    [
      "text",
      "varchar",
      "bpchar",
      "uuid",
      "citext",
      "inet",
      "date",
      "int8",
      "numeric",
      "interval",
      "time",
    ].includes(type)
  )
    return "string";
  return "other";
}

/** The tables and columns of `public` in a migrated database (the migrator's own tables left out). */
export async function schemaFromDatabase(client: pg.Client | pg.Pool): Promise<SchemaShape> {
  const { rows } = await client.query<{
    table_name: string;
    column_name: string;
    type: string;
    not_null: boolean;
    has_default: boolean;
    generated: boolean;
  }>(`
    SELECT c.relname AS table_name, a.attname AS column_name, t.typname AS type, a.attnotnull AS not_null,
           a.atthasdef AS has_default, (a.attidentity <> '' OR a.attgenerated <> '') AS generated
      FROM pg_attribute a
      JOIN pg_class c ON c.oid = a.attrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_type t ON t.oid = a.atttypid
     WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
       AND a.attnum > 0 AND NOT a.attisdropped
       AND c.relname NOT LIKE 'kysely\\_%'
     ORDER BY c.relname, a.attnum`);
  const shape: SchemaShape = {};
  for (const row of rows) {
    (shape[row.table_name] ??= {})[row.column_name] = {
      kind: kindOfPg(row.type),
      nullable: !row.not_null,
      optionalOnInsert: row.has_default || row.generated || !row.not_null,
    };
  }
  return shape;
}

/**
 * Every difference that matters, one line each: a table or column on one side only, nullability, the
 * kind of value read (json columns may be typed as anything), and a column the types let an insert
 * leave out although the database has no default for it (the insert would fail).
 */
export function compareSchemas(types: SchemaShape, database: SchemaShape): string[] {
  const problems: string[] = [];
  for (const table of Object.keys(database).sort()) {
    if (!types[table]) problems.push(`${table}: a table in the database, missing from db/schema.ts`);
  }
  for (const table of Object.keys(types).sort()) {
    const inDb = database[table];
    if (!inDb) {
      problems.push(`${table}: in db/schema.ts, no such table in the migrated database`);
      continue;
    }
    const typed = types[table]!;
    for (const column of Object.keys(inDb)) {
      if (!typed[column])
        problems.push(`${table}.${column}: a column in the database, missing from the types`);
    }
    for (const [column, t] of Object.entries(typed)) {
      const d = inDb[column];
      if (!d) {
        problems.push(`${table}.${column}: in the types, no such column in the migrated database`);
        continue;
      }
      if (t.nullable !== d.nullable)
        problems.push(
          `${table}.${column}: ${d.nullable ? "nullable" : "NOT NULL"} in the database, ${t.nullable ? "nullable" : "not nullable"} in the types`,
        );
      if (d.kind !== "json" && t.kind !== d.kind)
        problems.push(`${table}.${column}: reads as ${d.kind} from the database, typed as ${t.kind}`);
      if (t.optionalOnInsert && !d.optionalOnInsert)
        problems.push(`${table}.${column}: optional on insert in the types, but NOT NULL without a default`);
    }
  }
  return problems;
}
