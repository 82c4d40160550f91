// Every Admin GraphQL document the app sends lives in app/graphql as a named exported constant, and each
// one validates against Shopify's real Admin schema without deprecated fields.
//
// Schema version: the app pins Admin API 2026-04 (app/shopify.api-version.ts), but the newest stable Admin
// schema available offline is 2025-04 (../shared/shopify-schemas/admin-2025-04.schema.graphql), the same
// one the local emulator validates with. A field that 2026-04 deprecates (check the unstable 2025-09 SDL)
// is not caught here.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import {
  buildSchema,
  Kind,
  NoDeprecatedCustomRule,
  parse,
  specifiedRules,
  validate,
  visit,
  type DocumentNode,
  type GraphQLSchema,
} from "graphql";
import { beforeAll, describe, expect, it } from "vitest";
import { projectRoot } from "../../app/database-target";
import { shopifySchemaPath } from "../../scripts/shopify-schemas";

const schemaPath = shopifySchemaPath("admin-2025-04.schema.graphql");
const graphqlDir = path.join(projectRoot, "app", "graphql");

interface Exported {
  file: string;
  name: string;
  value: unknown;
}

async function exportedDocuments(): Promise<Exported[]> {
  const files = fs.readdirSync(graphqlDir).filter((f) => /\.tsx?$/.test(f));
  const all: Exported[] = [];
  for (const file of files) {
    const module = (await import(pathToFileURL(path.join(graphqlDir, file)).href)) as Record<string, unknown>;
    for (const [name, value] of Object.entries(module)) all.push({ file, name, value });
  }
  return all;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx)$/.test(entry.name) ? [full] : [];
  });
}

/** String and template literals in TypeScript source that hold a GraphQL operation or fragment. */
function inlineGraphqlOperations(source: string): string[] {
  const literals = source.match(/`(?:[^`\\]|\\.)*`|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'/g) ?? [];
  return literals
    .map((literal) => literal.slice(1, -1))
    .filter((text) => {
      if (text.includes("#graphql")) return true;
      if (!/\b(query|mutation|subscription|fragment)\b|^\s*\{/.test(text)) return false;
      try {
        const document = parse(text.replace(/\$\{[^}]*\}/g, ""));
        return document.definitions.some(
          (d) => d.kind === Kind.OPERATION_DEFINITION || d.kind === Kind.FRAGMENT_DEFINITION,
        );
      } catch {
        return false;
      }
    });
}

function rootFields(document: DocumentNode): string[] {
  const fields: string[] = [];
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    for (const selection of definition.selectionSet.selections) {
      if (selection.kind === Kind.FIELD) fields.push(selection.name.value);
    }
  }
  return fields;
}

function selectsField(document: DocumentNode, name: string): boolean {
  let found = false;
  visit(document, {
    Field(node) {
      if (node.name.value === name) found = true;
    },
  });
  return found;
}

describe("the app's Admin GraphQL documents (app/graphql)", () => {
  let schema: GraphQLSchema;
  let documents: Exported[];

  beforeAll(async () => {
    schema = buildSchema(fs.readFileSync(schemaPath, "utf8"));
    documents = await exportedDocuments();
  });

  it("exports only GraphQL documents, each with exactly one operation under a unique name", () => {
    expect(documents.length).toBeGreaterThanOrEqual(10);
    const names = new Set<string>();
    for (const { file, name, value } of documents) {
      expect(typeof value, `${file}: ${name}`).toBe("string");
      const operations = parse(value as string).definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
      expect(operations, `${file}: ${name}`).toHaveLength(1);
      const operationName = operations[0]!.kind === Kind.OPERATION_DEFINITION ? operations[0]!.name?.value : undefined;
      expect(operationName, `${file}: ${name} needs an operation name`).toMatch(/^Attach[A-Z]\w+$/);
      expect(names.has(operationName!), `${operationName} is used twice`).toBe(false);
      names.add(operationName!);
    }
  });

  it("validate against the Admin API 2025-04 schema", () => {
    for (const { file, name, value } of documents) {
      const errors = validate(schema, parse(value as string), specifiedRules);
      expect(
        errors.map((e) => e.message),
        `${file}: ${name}`,
      ).toEqual([]);
    }
  });

  it("use no deprecated field, argument or enum value", () => {
    for (const { file, name, value } of documents) {
      const warnings = validate(schema, parse(value as string), [NoDeprecatedCustomRule]);
      expect(
        warnings.map((e) => e.message),
        `${file}: ${name}`,
      ).toEqual([]);
    }
  });

  it("cover what the bundle admin and the sync need: prices and unit costs, the shop currency, metafields, the discount and collections", () => {
    const parsed = documents.map(({ value }) => parse(value as string));
    const roots = new Set(parsed.flatMap(rootFields));
    for (const root of [
      "shop",
      "nodes",
      "collection",
      "metafieldsSet",
      "metafieldsDelete",
      "discountAutomaticAppCreate",
      "discountAutomaticAppUpdate",
      "automaticDiscountNode",
    ]) {
      expect(roots.has(root), root).toBe(true);
    }
    for (const field of ["price", "unitCost", "currencyCode", "ianaTimezone"]) {
      expect(
        parsed.some((document) => selectsField(document, field)),
        field,
      ).toBe(true);
    }
  });

  it("are the only GraphQL in app/: no other file holds an inline operation", () => {
    const offenders = sourceFiles(path.join(projectRoot, "app"))
      .filter((file) => !file.startsWith(graphqlDir + path.sep))
      .filter((file) => inlineGraphqlOperations(fs.readFileSync(file, "utf8")).length > 0)
      .map((file) => path.relative(projectRoot, file));
    expect(offenders).toEqual([]);
  });

  it("would notice an inline operation, tagged or not, and leaves ordinary strings alone", () => {
    expect(inlineGraphqlOperations("const q = `#graphql\n query Shop { shop { name } }`;")).toHaveLength(1);
    expect(
      inlineGraphqlOperations('admin.graphql("mutation M($id: ID!) { tagsAdd(id: $id, tags: []) { node { id } } }")'),
    ).toHaveLength(1);
    expect(inlineGraphqlOperations("const q = `{ shop { name } }`;")).toHaveLength(1);
    expect(
      inlineGraphqlOperations('const a = "Bundle query"; const b = `Save ${title}`; const c = "{\\"v\\":1}";'),
    ).toEqual([]);
  });
});
