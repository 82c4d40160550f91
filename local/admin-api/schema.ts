// Shopify's real Admin GraphQL schema, read from the shared schema folder next to the project (never
// copied into the repository) and built once per process.
//
// Version: the app pins Admin API 2026-04 (app/shopify.api-version.ts), but the newest stable Admin
// schema available offline is 2025-04, so the emulator validates against 2025-04. An operation that uses
// a field added after 2025-04 fails here even though Shopify would accept it: check the field in
// admin-unstable-2025-09.schema.graphql before assuming the app is wrong.
import { readFileSync } from "node:fs";
import { buildSchema, type GraphQLSchema } from "graphql";
import { shopifySchemaPath } from "../../scripts/shopify-schemas";

export const ADMIN_SCHEMA_VERSION = "2025-04";

export const adminSchemaPath = shopifySchemaPath("admin-2025-04.schema.graphql");

let cached: GraphQLSchema | undefined;

/** The Admin schema, built on first use (about half a second) and reused afterwards. */
export function adminSchema(): GraphQLSchema {
  cached ??= buildSchema(readFileSync(adminSchemaPath, "utf8"));
  return cached;
}
