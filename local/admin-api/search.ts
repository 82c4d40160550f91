// A subset of Shopify's search syntax (the `query` argument of connections), see
// https://shopify.dev/docs/api/usage/search-syntax: terms joined by spaces (AND), `OR`, `AND`, `NOT` or a
// leading `-`, parentheses, `field:value`, `field:<value` / `<=` / `>` / `>=`, quoted values and a
// trailing `*` wildcard. A filter on a field the emulator does not know is an error here, not silently
// ignored as Shopify does, so a typo in the app's query shows up in local mode.
import { GraphQLError } from "graphql";

export type Comparator = ":" | "<" | "<=" | ">" | ">=";

export interface SearchTerm {
  /** Lower-cased field name, or null for free text. */
  field: string | null;
  comparator: Comparator;
  value: string;
}

export type SearchNode =
  | { kind: "and"; items: SearchNode[] }
  | { kind: "or"; items: SearchNode[] }
  | { kind: "not"; item: SearchNode }
  | { kind: "term"; term: SearchTerm };

type Token =
  { kind: "(" } | { kind: ")" } | { kind: "op"; op: "AND" | "OR" | "NOT" } | { kind: "term"; term: SearchTerm };

function readQuoted(text: string, start: number): { value: string; end: number } {
  const quote = text[start];
  let value = "";
  let i = start + 1;
  while (i < text.length && text[i] !== quote) {
    if (text[i] === "\\" && i + 1 < text.length) i += 1;
    value += text[i];
    i += 1;
  }
  return { value, end: Math.min(i + 1, text.length) };
}

function toTerm(word: string, quotedValue: string | null): SearchTerm {
  const colon = word.indexOf(":");
  if (colon === -1) return { field: null, comparator: ":", value: quotedValue ?? word };
  const field = word.slice(0, colon).toLowerCase();
  let rest = word.slice(colon + 1);
  const comparator = (/^(<=|>=|<|>)/.exec(rest)?.[1] ?? ":") as Comparator;
  if (comparator !== ":") rest = rest.slice(comparator.length);
  return { field, comparator, value: quotedValue ?? rest };
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const char = text[i] as string;
    if (/\s/.test(char)) {
      i += 1;
    } else if (char === "(" || char === ")") {
      tokens.push({ kind: char });
      i += 1;
    } else if (char === '"' || char === "'") {
      const { value, end } = readQuoted(text, i);
      tokens.push({ kind: "term", term: { field: null, comparator: ":", value } });
      i = end;
    } else if (char === "-" && i + 1 < text.length && !/[\s()]/.test(text[i + 1] as string)) {
      tokens.push({ kind: "op", op: "NOT" });
      i += 1;
    } else {
      let word = "";
      let quotedValue: string | null = null;
      while (i < text.length && !/[\s()]/.test(text[i] as string)) {
        const c = text[i] as string;
        if ((c === '"' || c === "'") && /:(<=|>=|<|>)?$/.test(word)) {
          const { value, end } = readQuoted(text, i);
          quotedValue = value;
          i = end;
          break;
        }
        word += c;
        i += 1;
      }
      if (quotedValue === null && (word === "AND" || word === "OR" || word === "NOT")) {
        tokens.push({ kind: "op", op: word });
      } else {
        tokens.push({ kind: "term", term: toTerm(word, quotedValue) });
      }
    }
  }
  return tokens;
}

/** Parses a search query; null for an empty one. */
export function parseSearchQuery(query: string): SearchNode | null {
  const tokens = tokenize(query);
  let at = 0;
  const peek = () => tokens[at];

  function parseOr(): SearchNode | null {
    const items: SearchNode[] = [];
    const first = parseAnd();
    if (first) items.push(first);
    while (peek()?.kind === "op" && (peek() as { op: string }).op === "OR") {
      at += 1;
      const next = parseAnd();
      if (next) items.push(next);
    }
    if (items.length === 0) return null;
    return items.length === 1 ? (items[0] as SearchNode) : { kind: "or", items };
  }

  function parseAnd(): SearchNode | null {
    const items: SearchNode[] = [];
    for (;;) {
      const token = peek();
      if (!token || token.kind === ")" || (token.kind === "op" && token.op === "OR")) break;
      if (token.kind === "op" && token.op === "AND") {
        at += 1;
        continue;
      }
      const unary = parseUnary();
      if (unary) items.push(unary);
    }
    if (items.length === 0) return null;
    return items.length === 1 ? (items[0] as SearchNode) : { kind: "and", items };
  }

  function parseUnary(): SearchNode | null {
    const token = tokens[at];
    at += 1;
    if (!token) return null;
    if (token.kind === "op" && token.op === "NOT") {
      const item = parseUnary();
      return item && { kind: "not", item };
    }
    if (token.kind === "(") {
      const inner = parseOr();
      if (peek()?.kind === ")") at += 1;
      return inner;
    }
    if (token.kind === "term") return { kind: "term", term: token.term };
    return null;
  }

  const root = parseOr();
  // Stray closing parentheses: parse the rest as further AND terms.
  const rest: SearchNode[] = root ? [root] : [];
  while (at < tokens.length) {
    at += 1;
    const more = parseOr();
    if (more) rest.push(more);
  }
  if (rest.length === 0) return null;
  return rest.length === 1 ? (rest[0] as SearchNode) : { kind: "and", items: rest };
}

export type TermMatcher<T> = (item: T, term: SearchTerm) => boolean;

export interface SearchSpec<T> {
  /** The resource in error messages, e.g. "products". */
  resource: string;
  /** Free text (terms without a field). */
  text: TermMatcher<T>;
  fields: Record<string, TermMatcher<T>>;
}

function collectFields(node: SearchNode, into: Set<string>): void {
  if (node.kind === "term") {
    if (node.term.field !== null) into.add(node.term.field);
  } else if (node.kind === "not") {
    collectFields(node.item, into);
  } else {
    for (const item of node.items) collectFields(item, into);
  }
}

function matches<T>(node: SearchNode, item: T, spec: SearchSpec<T>): boolean {
  switch (node.kind) {
    case "and":
      return node.items.every((child) => matches(child, item, spec));
    case "or":
      return node.items.some((child) => matches(child, item, spec));
    case "not":
      return !matches(node.item, item, spec);
    case "term": {
      const { term } = node;
      const matcher = term.field === null ? spec.text : spec.fields[term.field];
      return matcher ? matcher(item, term) : false;
    }
  }
}

/** Filters `items` by a Shopify search query; an empty or missing query keeps everything. */
export function filterBySearch<T>(items: readonly T[], query: string | null | undefined, spec: SearchSpec<T>): T[] {
  const root = query ? parseSearchQuery(query) : null;
  if (!root) return [...items];
  const used = new Set<string>();
  collectFields(root, used);
  const unknown = [...used].filter((field) => !Object.hasOwn(spec.fields, field));
  if (unknown.length > 0) {
    throw new GraphQLError(
      `The local Shopify emulator does not support the search filter ${unknown.map((f) => `\`${f}:\``).join(", ")} ` +
        `on ${spec.resource} (supported: ${Object.keys(spec.fields)
          .map((f) => `${f}:`)
          .join(", ")}).`,
    );
  }
  return items.filter((item) => matches(root, item, spec));
}

// ---- matchers -----------------------------------------------------------------------------------

/** Case-insensitive "contains"; `foo*` matches a word starting with foo. */
export function matchText(actual: string | null | undefined, term: SearchTerm): boolean {
  if (actual === null || actual === undefined) return false;
  const haystack = actual.toLowerCase();
  const value = term.value.toLowerCase();
  if (value.endsWith("*")) {
    const prefix = value.slice(0, -1);
    return haystack.startsWith(prefix) || haystack.split(/[^\p{L}\p{N}]+/u).some((word) => word.startsWith(prefix));
  }
  return haystack.includes(value);
}

/** Case-insensitive equality with any of the actual values; `a,b` in the query means either. */
export function matchExact(actual: string | readonly string[] | null | undefined, term: SearchTerm): boolean {
  if (actual === null || actual === undefined) return false;
  const values = (typeof actual === "string" ? [actual] : actual).map((v) => v.toLowerCase());
  const wanted = term.value.split(",").map((v) => v.trim().toLowerCase());
  return wanted.some((w) => (w.endsWith("*") ? values.some((v) => v.startsWith(w.slice(0, -1))) : values.includes(w)));
}

function compare(actual: number, comparator: Comparator, wanted: number): boolean {
  switch (comparator) {
    case ":":
      return actual === wanted;
    case "<":
      return actual < wanted;
    case "<=":
      return actual <= wanted;
    case ">":
      return actual > wanted;
    case ">=":
      return actual >= wanted;
  }
}

/** Numeric ids: `id:123`, `id:>=123`, or a GID. */
export function matchId(actual: number, term: SearchTerm): boolean {
  const numeric = /(\d+)$/.exec(term.value)?.[1];
  if (numeric === undefined) return false;
  return compare(actual, term.comparator, Number(numeric));
}

export function matchNumber(actual: number, term: SearchTerm): boolean {
  const wanted = Number(term.value);
  return Number.isFinite(wanted) && compare(actual, term.comparator, wanted);
}

export function matchBoolean(actual: boolean, term: SearchTerm): boolean {
  const value = term.value.toLowerCase();
  if (value !== "true" && value !== "false") return false;
  return actual === (value === "true");
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Offset of `timeZone` from UTC at `epochMs`, in ms (positive east of Greenwich). */
function zoneOffset(epochMs: number, timeZone: string): number {
  const parts = formatterFor(timeZone).formatToParts(new Date(epochMs));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return asUtc - Math.floor(epochMs / 1000) * 1000;
}

/** A wall-clock time in `timeZone` (given as if it were UTC) to an instant. */
function fromZonedWallClock(wallClockAsUtc: number, timeZone: string): number {
  const first = wallClockAsUtc - zoneOffset(wallClockAsUtc, timeZone);
  return wallClockAsUtc - zoneOffset(first, timeZone);
}

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * Dates in the shop's time zone, as Shopify reads them: `created_at:>=2026-01-01` means from local
 * midnight; `created_at:2026-01-01` means that local day; full timestamps with a zone are exact.
 */
export function matchDate(actualIso: string | null, term: SearchTerm, timeZone: string): boolean {
  if (actualIso === null) return false;
  const actual = Date.parse(actualIso);
  const value = term.value.trim();
  const dateOnly = DATE_ONLY.exec(value);
  const local = LOCAL_DATE_TIME.exec(value);
  let wanted: number;
  if (dateOnly) {
    const [, y, m, d] = dateOnly.map(Number) as [number, number, number, number];
    wanted = fromZonedWallClock(Date.UTC(y, m - 1, d), timeZone);
    if (term.comparator === ":") {
      const nextDay = fromZonedWallClock(Date.UTC(y, m - 1, d + 1), timeZone);
      return actual >= wanted && actual < nextDay;
    }
  } else if (local) {
    const [, y, mo, d, h, mi, s] = local.map((part) => Number(part ?? 0)) as number[];
    wanted = fromZonedWallClock(Date.UTC(y ?? 0, (mo ?? 1) - 1, d, h, mi, s), timeZone);
  } else {
    wanted = Date.parse(value);
  }
  if (Number.isNaN(wanted)) {
    throw new GraphQLError(
      `The local Shopify emulator could not read the date ${JSON.stringify(value)} in a search query.`,
    );
  }
  return compare(actual, term.comparator, wanted);
}
