// Relay connections as Shopify serves them: `first`/`last` (one is required, at most 250),
// `after`/`before` cursors, `reverse`, and edges/nodes/pageInfo. Cursors are opaque base64 JSON
// ({"last_id": …}, like Shopify's), so they stay valid when items are added before them.
import { GraphQLError } from "graphql";

export const MAX_PAGE_SIZE = 250;

export interface ConnectionArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
  reverse?: boolean | null;
}

export interface Connection<N> {
  edges: Array<{ cursor: string; node: N }>;
  nodes: N[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

export function encodeCursor(key: string | number): string {
  return Buffer.from(JSON.stringify({ last_id: key })).toString("base64");
}

function decodeCursor(cursor: string): string | number {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, "base64").toString("utf8"));
    const key = (parsed as { last_id?: unknown } | null)?.last_id;
    if (typeof key === "string" || typeof key === "number") return key;
  } catch {
    // fall through to the error below
  }
  throw new GraphQLError(`Invalid cursor for current pagination sort: ${JSON.stringify(cursor)}.`);
}

function indexOfCursor<T>(items: readonly T[], cursor: string, keyOf: (item: T) => string | number): number {
  const key = decodeCursor(cursor);
  const index = items.findIndex((item) => keyOf(item) === key);
  if (index === -1) {
    throw new GraphQLError(`The local Shopify emulator cannot find the item of cursor ${JSON.stringify(cursor)}.`);
  }
  return index;
}

/**
 * Pages through `items` (already filtered and sorted). With `unbounded` (bulk operations) every item is
 * returned and first/last are optional, as in Shopify's bulk queries.
 */
export function connection<T, N>(
  items: readonly T[],
  args: ConnectionArgs,
  keyOf: (item: T) => string | number,
  toNode: (item: T) => N,
  unbounded = false,
): Connection<N> {
  const { first, last, after, before, reverse } = args;
  if (!unbounded) {
    if ((first === null || first === undefined) && (last === null || last === undefined)) {
      throw new GraphQLError("you must provide one of first or last");
    }
    for (const [name, value] of [
      ["first", first],
      ["last", last],
    ] as const) {
      if (value === null || value === undefined) continue;
      if (value < 0) throw new GraphQLError(`${name} must be a non-negative integer`);
      if (value > MAX_PAGE_SIZE) {
        throw new GraphQLError(`The ${name} argument cannot exceed ${MAX_PAGE_SIZE}.`);
      }
    }
  }
  const ordered = reverse ? [...items].reverse() : [...items];
  let start = 0;
  let end = ordered.length;
  if (after) start = indexOfCursor(ordered, after, keyOf) + 1;
  if (before) end = Math.max(start, indexOfCursor(ordered, before, keyOf));
  let from = start;
  let to = end;
  if (!unbounded && first !== null && first !== undefined) to = Math.min(to, from + first);
  if (!unbounded && last !== null && last !== undefined) from = Math.max(from, to - last);
  const page = ordered.slice(from, to);
  const edges = page.map((item) => ({ cursor: encodeCursor(keyOf(item)), node: toNode(item) }));
  return {
    edges,
    nodes: edges.map((edge) => edge.node),
    pageInfo: {
      hasNextPage: to < ordered.length,
      hasPreviousPage: from > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}
