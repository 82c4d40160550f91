// Bulk query operations (bulkOperationRunQuery): the inner query is checked against the schema and
// Shopify's bulk rules, run on the next tick over every item (no paging), and written as Shopify's
// JSONL: one line per node, nested connection nodes on their own lines with "__parentId".
// https://shopify.dev/docs/api/usage/bulk-operations/queries
import {
  type DocumentNode,
  type ExecutionResult,
  type FieldNode,
  type FragmentDefinitionNode,
  getNamedType,
  type GraphQLCompositeType,
  type GraphQLError,
  type GraphQLNamedType,
  type GraphQLSchema,
  isInterfaceType,
  isObjectType,
  Kind,
  parse,
  type SelectionSetNode,
  specifiedRules,
  validate,
} from "graphql";
import { type BulkOperationView, gid, type ShopStore } from "./store";

/** Shopify: at most five connections in a bulk query, nested at most two levels below the top one. */
export const MAX_BULK_CONNECTIONS = 5;
export const MAX_BULK_NESTING = 2;

export interface BulkQueryPlan {
  document: DocumentNode;
  /** Response paths of connection fields, e.g. "orders" and "orders.edges.node.lineItems". */
  connectionPaths: ReadonlySet<string>;
  /** Response paths of connection nodes, e.g. "orders.edges.node" and "orders.nodes". */
  nodePaths: ReadonlySet<string>;
}

export type BulkQueryCheck = { plan: BulkQueryPlan; errors?: undefined } | { plan?: undefined; errors: string[] };

function isConnectionType(type: GraphQLNamedType): boolean {
  if (!isObjectType(type) || !type.name.endsWith("Connection")) return false;
  const fields = type.getFields();
  return "pageInfo" in fields && ("edges" in fields || "nodes" in fields);
}

/** The fields of a selection set with the type each belongs to, fragments flattened. */
function flattenFields(
  selectionSet: SelectionSetNode,
  type: GraphQLCompositeType,
  schema: GraphQLSchema,
  fragments: Map<string, FragmentDefinitionNode>,
): Array<{ field: FieldNode; parentType: GraphQLCompositeType }> {
  const out: Array<{ field: FieldNode; parentType: GraphQLCompositeType }> = [];
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      out.push({ field: selection, parentType: type });
      continue;
    }
    const fragment = selection.kind === Kind.INLINE_FRAGMENT ? selection : fragments.get(selection.name.value);
    if (!fragment) continue;
    const condition = fragment.typeCondition ? schema.getType(fragment.typeCondition.name.value) : type;
    out.push(...flattenFields(fragment.selectionSet, (condition as GraphQLCompositeType) ?? type, schema, fragments));
  }
  return out;
}

/** Parses and checks a bulk query; returns the plan, or every problem found. */
export function planBulkQuery(schema: GraphQLSchema, query: string): BulkQueryCheck {
  let document: DocumentNode;
  try {
    document = parse(query);
  } catch (error) {
    return { errors: [(error as GraphQLError).message] };
  }
  const invalid = validate(schema, document, specifiedRules);
  if (invalid.length > 0) return { errors: invalid.map((e) => e.message) };

  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operations[0];
  if (operations.length !== 1 || !operation) return { errors: ["A bulk query must contain exactly one operation."] };
  if (operation.operation !== "query") return { errors: ["A bulk query operation must be a query."] };
  if ((operation.variableDefinitions?.length ?? 0) > 0) return { errors: ["A bulk query cannot use variables."] };

  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const queryType = schema.getQueryType();
  if (!queryType) return { errors: ["The schema has no query type."] };
  const errors: string[] = [];
  const connectionPaths = new Set<string>();
  const nodePaths = new Set<string>();

  const top = flattenFields(operation.selectionSet, queryType, schema, fragments).filter(
    ({ field }) => field.name.value !== "__typename",
  );
  if (top.length !== 1) errors.push("The local Shopify emulator runs bulk queries with exactly one top-level field.");

  // `depth`: 0 for the top-level connection, 1 for a connection on its nodes, and so on.
  function visitConnection(field: FieldNode, type: GraphQLNamedType, path: string, depth: number): void {
    connectionPaths.add(path);
    if (depth > MAX_BULK_NESTING) {
      errors.push(`Bulk queries allow connections nested at most ${MAX_BULK_NESTING} levels deep (${path}).`);
    }
    if (!field.selectionSet || !isObjectType(type)) return;
    for (const { field: child, parentType } of flattenFields(field.selectionSet, type, schema, fragments)) {
      const key = child.alias?.value ?? child.name.value;
      const name = child.name.value;
      if (name === "edges" && child.selectionSet && isObjectType(parentType)) {
        const edgeType = getNamedType(parentType.getFields().edges?.type);
        if (!edgeType || !isObjectType(edgeType)) continue;
        for (const { field: edgeField } of flattenFields(child.selectionSet, edgeType, schema, fragments)) {
          if (edgeField.name.value !== "node" || !edgeField.selectionSet) continue;
          const nodeType = getNamedType(edgeType.getFields().node?.type);
          const nodeKey = edgeField.alias?.value ?? "node";
          if (nodeType) visitNode(edgeField.selectionSet, nodeType, `${path}.${key}.${nodeKey}`, depth);
        }
      } else if (name === "nodes" && child.selectionSet && isObjectType(parentType)) {
        const nodeType = getNamedType(parentType.getFields().nodes?.type);
        if (nodeType) visitNode(child.selectionSet, nodeType, `${path}.${key}`, depth);
      }
    }
  }

  function visitNode(selectionSet: SelectionSetNode, type: GraphQLNamedType, path: string, depth: number): void {
    nodePaths.add(path);
    if (!isObjectType(type) && !isInterfaceType(type)) return;
    const fields = flattenFields(selectionSet, type, schema, fragments);
    const selectsId = fields.some(({ field }) => field.name.value === "id" && !field.alias);
    for (const { field, parentType } of fields) {
      visitField(field, parentType, `${path}.${field.alias?.value ?? field.name.value}`, depth, selectsId);
    }
  }

  // A field below a connection node (`nodeDepth` set) or inside a plain object (`nodeDepth` null).
  function visitField(
    field: FieldNode,
    parentType: GraphQLCompositeType,
    path: string,
    nodeDepth: number | null,
    parentSelectsId: boolean,
  ): void {
    if (field.name.value === "__typename" || !(isObjectType(parentType) || isInterfaceType(parentType))) return;
    const definition = parentType.getFields()[field.name.value];
    if (!definition) return;
    const type = getNamedType(definition.type);
    if (isConnectionType(type)) {
      if (nodeDepth === null) {
        errors.push(
          `The local Shopify emulator only runs bulk queries whose connections are selected directly on a connection's nodes (${path}).`,
        );
        return;
      }
      if (!parentSelectsId) {
        errors.push(
          `A nested connection needs \`id\` selected on its parent node so lines can carry __parentId (${path}).`,
        );
      }
      visitConnection(field, type, path, nodeDepth + 1);
      return;
    }
    if (!field.selectionSet || !(isObjectType(type) || isInterfaceType(type))) return;
    for (const { field: child, parentType: childParent } of flattenFields(
      field.selectionSet,
      type,
      schema,
      fragments,
    )) {
      visitField(child, childParent, `${path}.${child.alias?.value ?? child.name.value}`, null, false);
    }
  }

  const root = top[0];
  if (root) {
    const definition = queryType.getFields()[root.field.name.value];
    const type = definition && getNamedType(definition.type);
    const key = root.field.alias?.value ?? root.field.name.value;
    if (!type || !isConnectionType(type)) {
      errors.push(
        `The local Shopify emulator runs bulk queries whose top-level field is a connection (${key} is not).`,
      );
    } else {
      visitConnection(root.field, type, key, 0);
    }
  }
  if (connectionPaths.size > MAX_BULK_CONNECTIONS) {
    errors.push(`Bulk queries cannot contain more than ${MAX_BULK_CONNECTIONS} connections.`);
  }
  return errors.length > 0 ? { errors } : { plan: { document, connectionPaths, nodePaths } };
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Turns the data of a bulk query into JSONL lines, parents before their children. */
export function toJsonlLines(data: Record<string, unknown>, plan: BulkQueryPlan): string[] {
  const lines: string[] = [];

  function emitConnection(connectionData: unknown, path: string, parentId: unknown): void {
    if (connectionData === null || typeof connectionData !== "object") return;
    for (const [key, list] of Object.entries(connectionData)) {
      if (!Array.isArray(list)) continue;
      for (const item of list) {
        if (plan.nodePaths.has(`${path}.${key}`)) {
          emitNode(item, `${path}.${key}`, parentId);
        } else if (item && typeof item === "object") {
          for (const [edgeKey, node] of Object.entries(item)) {
            if (plan.nodePaths.has(`${path}.${key}.${edgeKey}`)) emitNode(node, `${path}.${key}.${edgeKey}`, parentId);
          }
        }
      }
    }
  }

  function emitNode(node: unknown, path: string, parentId: unknown): void {
    if (node === null || typeof node !== "object") return;
    const line: Record<string, Json> = {};
    const children: Array<[unknown, string]> = [];
    for (const [key, value] of Object.entries(node)) {
      const childPath = `${path}.${key}`;
      if (plan.connectionPaths.has(childPath)) children.push([value, childPath]);
      else line[key] = value as Json;
    }
    if (parentId !== undefined) line.__parentId = parentId as Json;
    lines.push(JSON.stringify(line));
    for (const [value, childPath] of children) emitConnection(value, childPath, (node as { id?: unknown }).id);
  }

  for (const [key, value] of Object.entries(data)) {
    if (plan.connectionPaths.has(key)) emitConnection(value, key, undefined);
  }
  return lines;
}

/** The JSONL file Shopify serves: one JSON object per line, each line ending with "\n". */
export function toJsonl(lines: readonly string[]): string {
  return lines.map((line) => `${line}\n`).join("");
}

/**
 * Runs a bulk operation on the next tick: executes the plan with `run` (unbounded connections), stores the
 * JSONL and finishes the operation (COMPLETED, or FAILED with INTERNAL_SERVER_ERROR when the query errors).
 * A canceled operation is left alone.
 */
export function startBulkOperation(
  store: ShopStore,
  operation: BulkOperationView,
  plan: BulkQueryPlan,
  run: (document: DocumentNode) => Promise<ExecutionResult>,
  log: (message: string) => void,
): void {
  const id = operation.id;
  const work = new Promise<void>((resolve) => setImmediate(resolve)).then(async () => {
    if (store.bulkOperation(id)?.status !== "RUNNING") return;
    const failed = (reason: string) => {
      log(`[shopify-emulator] bulk operation ${gid("BulkOperation", id)} failed: ${reason}`);
      store.finishBulkOperation(id, {
        status: "FAILED",
        errorCode: "INTERNAL_SERVER_ERROR",
        objectCount: 0,
        resultJsonl: null,
        completedAt: store.timestamp(),
      });
    };
    try {
      const result = await run(plan.document);
      if (result.errors?.length || !result.data) {
        failed((result.errors ?? []).map((e) => e.message).join("; ") || "no data");
        return;
      }
      const lines = toJsonlLines(result.data, plan);
      store.finishBulkOperation(id, {
        status: "COMPLETED",
        errorCode: null,
        objectCount: lines.length,
        resultJsonl: toJsonl(lines),
        completedAt: store.timestamp(),
      });
    } catch (error) {
      failed(error instanceof Error ? error.message : String(error));
    }
  });
  store.track(work);
}

/** The payload of the bulk_operations/finish webhook for a finished operation. */
export function bulkOperationFinishPayload(operation: BulkOperationView): Record<string, string | null> {
  return {
    admin_graphql_api_id: gid("BulkOperation", operation.id),
    completed_at: operation.completedAt,
    created_at: operation.createdAt,
    error_code: operation.errorCode?.toLowerCase() ?? null,
    status: operation.status.toLowerCase(),
    type: operation.type.toLowerCase(),
  };
}

/** Lines of a stored JSONL result that are top-level objects (no __parentId). */
export function rootObjectCount(jsonl: string | null): number {
  if (!jsonl) return 0;
  return jsonl
    .split("\n")
    .filter((line) => line.length > 0)
    .filter((line) => !Object.hasOwn(JSON.parse(line) as object, "__parentId")).length;
}
