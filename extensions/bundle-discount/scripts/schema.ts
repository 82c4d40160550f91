// Shopify's Discount Function API schema and our input query, for codegen, tests and the benchmark.
// The schema is Shopify's, not ours: it is read from the shared folder next to the repository
// (../shared/shopify-schemas) and never copied into it. In a real checkout `shopify app function schema`
// writes extensions/bundle-discount/schema.graphql instead (gitignored); set
// SHOPIFY_FUNCTION_SCHEMA to point at that file.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { shopifySchemaPath } from "../../../scripts/shopify-schemas";
import {
  buildSchema,
  Kind,
  parse,
  TypeInfo,
  validate,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLSchema,
} from "graphql";

export const API_VERSION = "2026-04";
export const TARGET = "cart.lines.discounts.generate.run";
export const EXPORT_NAME = "cart-lines-discounts-generate-run";
export const RESULT_TYPE = "CartLinesDiscountsGenerateRunResult";

export const EXTENSION_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const REPO_DIR = path.resolve(EXTENSION_DIR, "../..");
export const SCHEMA_PATH =
  process.env.SHOPIFY_FUNCTION_SCHEMA ?? shopifySchemaPath("discount-function-2026-04.schema.graphql");
export const INPUT_QUERY_PATH = path.join(EXTENSION_DIR, "src/cart_lines_discounts_generate_run.graphql");
export const GENERATED_API_PATH = path.join(EXTENSION_DIR, "generated/api.ts");

let cachedSchema: GraphQLSchema | undefined;

export function loadSchema(): GraphQLSchema {
  if (!cachedSchema) {
    if (!fs.existsSync(SCHEMA_PATH)) {
      throw new Error(
        `Shopify's Discount Function schema is missing at ${SCHEMA_PATH}. It lives outside the repository ` +
          `(../shared/shopify-schemas); set SHOPIFY_FUNCTION_SCHEMA to another copy if needed.`,
      );
    }
    cachedSchema = buildSchema(fs.readFileSync(SCHEMA_PATH, "utf8"));
  }
  return cachedSchema;
}

export function loadInputQuery(): DocumentNode {
  return parse(fs.readFileSync(INPUT_QUERY_PATH, "utf8"));
}

/** graphql-js validation messages (empty when the document is valid for the schema). */
export function queryErrors(schema: GraphQLSchema, document: DocumentNode): string[] {
  return validate(schema, document).map((error) => error.message);
}

/**
 * Fields the document selects that Shopify's `@restrictTarget(only: [...])` directive does not allow
 * for `target`. graphql-js does not enforce that directive, so this walks the document with the
 * schema's TypeInfo and reads each field definition's directives from the schema AST.
 */
export function restrictTargetViolations(schema: GraphQLSchema, document: DocumentNode, target: string): string[] {
  const typeInfo = new TypeInfo(schema);
  const violations: string[] = [];
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field() {
        const field = typeInfo.getFieldDef();
        const parent = typeInfo.getParentType();
        if (!field || !parent) return;
        for (const directive of field.astNode?.directives ?? []) {
          if (directive.name.value !== "restrictTarget") continue;
          const only = directive.arguments?.find((a) => a.name.value === "only")?.value;
          const targets =
            only?.kind === Kind.LIST
              ? only.values.flatMap((v) => (v.kind === Kind.STRING ? [v.value] : []))
              : only?.kind === Kind.STRING
                ? [only.value]
                : [];
          if (!targets.includes(target)) {
            violations.push(`${parent.name}.${field.name} is only available for ${targets.join(", ")}`);
          }
        }
      },
    }),
  );
  return violations;
}

/** Deprecated fields the document selects (Shopify removes them in a later version). */
export function deprecatedFields(schema: GraphQLSchema, document: DocumentNode): string[] {
  const typeInfo = new TypeInfo(schema);
  const found: string[] = [];
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field() {
        const field = typeInfo.getFieldDef();
        const parent = typeInfo.getParentType();
        if (field?.deprecationReason && parent) found.push(`${parent.name}.${field.name}`);
      },
    }),
  );
  return found;
}
