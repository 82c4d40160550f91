// Runs one Admin GraphQL request against the emulated shop: parse, validate against Shopify's real
// Admin schema (2025-04, see schema.ts), then execute with the emulator's resolvers. A request that
// does not validate is not executed: it gets Shopify-style `errors` and is logged to stderr, so local
// mode doubles as a contract test of the app's operations.
import {
  type DocumentNode,
  execute,
  type ExecutionResult,
  type GraphQLFieldResolver,
  GraphQLError,
  type GraphQLTypeResolver,
  NoDeprecatedCustomRule,
  parse,
  specifiedRules,
  validate,
} from "graphql";
import { resolvers } from "./resolvers";
import { type AdminContext, type FieldResolver, notImplemented } from "./sources";
import { adminSchema } from "./schema";
import type { ShopStore } from "./store";

export interface AdminGraphQLRequest {
  query: string;
  variables?: Record<string, unknown> | null;
  operationName?: string | null;
}

export interface ExecuteAdminOptions {
  /** Origin used in URLs the emulator hands out (bulk operation results). Default http://localhost. */
  baseUrl?: string;
  /** Where contract failures and warnings go. Default: console.error (stderr). */
  log?: (message: string) => void;
}

const LOG_PREFIX = "[shopify-emulator]";

const fieldResolver: GraphQLFieldResolver<unknown, AdminContext> = (source, args, context, info) => {
  const typeName = info.parentType.name;
  const ofType = resolvers[typeName];
  const resolve = ofType?.[info.fieldName] as FieldResolver<unknown> | undefined;
  if (resolve) return resolve(source, args, context, info);
  if (!ofType && source !== null && typeof source === "object" && Object.hasOwn(source, info.fieldName)) {
    return (source as Record<string, unknown>)[info.fieldName];
  }
  throw notImplemented(typeName, info.fieldName);
};

const typeResolver: GraphQLTypeResolver<unknown, AdminContext> = (value) =>
  value !== null && typeof value === "object" ? (value as { __typename?: string }).__typename : undefined;

// Each deprecation is reported once per process.
const reportedDeprecations = new Set<string>();

function describe(request: AdminGraphQLRequest): string {
  const name =
    request.operationName ?? /\b(?:query|mutation)\s+(\w+)/.exec(request.query)?.[1] ?? "anonymous operation";
  return name;
}

/** Executes one Admin GraphQL request against the store. Never throws: problems come back as `errors`. */
export async function executeAdminGraphQL(
  store: ShopStore,
  request: AdminGraphQLRequest,
  options: ExecuteAdminOptions = {},
): Promise<ExecutionResult> {
  const log = options.log ?? ((message: string) => console.error(message));
  const schema = adminSchema();
  const fail = (errors: readonly GraphQLError[], what: string): ExecutionResult => {
    log(`${LOG_PREFIX} ${what} (${describe(request)}):\n  ${errors.map((e) => e.message).join("\n  ")}`);
    return { errors };
  };

  if (typeof request.query !== "string" || request.query.trim() === "") {
    return fail([new GraphQLError("No query string was present")], "rejected a request");
  }
  let document: DocumentNode;
  try {
    document = parse(request.query);
  } catch (error) {
    if (error instanceof GraphQLError) return fail([error], "could not parse the operation");
    throw error;
  }
  const invalid = validate(schema, document, specifiedRules);
  if (invalid.length > 0) {
    return fail(invalid, "the operation does not validate against the Admin API 2025-04 schema");
  }
  for (const warning of validate(schema, document, [NoDeprecatedCustomRule])) {
    if (reportedDeprecations.has(warning.message)) continue;
    reportedDeprecations.add(warning.message);
    log(`${LOG_PREFIX} warning (${describe(request)}): ${warning.message}`);
  }

  const baseContext = {
    store,
    baseUrl: (options.baseUrl ?? "http://localhost").replace(/\/+$/, ""),
    log,
  };
  const context: AdminContext = {
    ...baseContext,
    bulk: false,
    runBulkQuery: (bulkDocument) =>
      Promise.resolve(
        execute({
          schema,
          document: bulkDocument,
          contextValue: { ...context, bulk: true } satisfies AdminContext,
          rootValue: {},
          fieldResolver,
          typeResolver,
        }),
      ),
  };

  const result = await execute({
    schema,
    document,
    rootValue: {},
    contextValue: context,
    variableValues: request.variables ?? undefined,
    operationName: request.operationName ?? undefined,
    fieldResolver,
    typeResolver,
  });
  if (result.errors?.length) {
    log(
      `${LOG_PREFIX} errors while executing ${describe(request)}:\n  ${result.errors.map((e) => e.message).join("\n  ")}`,
    );
  }
  return result;
}
