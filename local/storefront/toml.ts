// A tiny TOML reader for the two files the storefront emulator reads: shopify.app.toml ([app_proxy])
// and extensions/*/shopify.extension.toml (type, name, handle). It understands comments, [tables],
// [[arrays of tables]], dotted table names, and values that are strings ("basic" and 'literal'),
// integers, floats, booleans and one-line or multi-line arrays of those. Anything else (inline tables,
// multi-line strings, dates) is kept as the raw text so reading never fails on a file Shopify accepts.

export type TomlValue = string | number | boolean | TomlValue[] | TomlTable;
export interface TomlTable {
  [key: string]: TomlValue;
}

export class TomlError extends Error {
  constructor(message: string, line: number) {
    super(`${message} (line ${line})`);
    this.name = "TomlError";
  }
}

/** Parses the subset of TOML described above into plain objects. */
export function parseToml(text: string): TomlTable {
  const root: TomlTable = {};
  let current: TomlTable = root;
  const lines = text.split(/\r?\n/);
  for (let index = 0; index < lines.length; index++) {
    let line = stripComment(lines[index] ?? "").trim();
    if (line === "") continue;
    const lineNumber = index + 1;
    const arrayTable = /^\[\[\s*([^\]]+?)\s*\]\]$/.exec(line);
    if (arrayTable) {
      const path = splitKey(arrayTable[1] ?? "");
      const parent = tableAt(root, path.slice(0, -1), lineNumber);
      const last = path[path.length - 1] ?? "";
      const existing = parent[last];
      const list = Array.isArray(existing) ? existing : [];
      if (existing !== undefined && !Array.isArray(existing))
        throw new TomlError(`${last} is not an array`, lineNumber);
      const table: TomlTable = {};
      list.push(table);
      parent[last] = list;
      current = table;
      continue;
    }
    const table = /^\[\s*([^\]]+?)\s*\]$/.exec(line);
    if (table) {
      current = tableAt(root, splitKey(table[1] ?? ""), lineNumber);
      continue;
    }
    const eq = line.indexOf("=");
    if (eq < 0) throw new TomlError(`expected key = value, got ${JSON.stringify(line)}`, lineNumber);
    // A multi-line array continues until its brackets balance.
    while (openBrackets(line.slice(eq + 1)) > 0 && index + 1 < lines.length) {
      index++;
      line += " " + stripComment(lines[index] ?? "").trim();
    }
    const keyPath = splitKey(line.slice(0, eq).trim());
    const target = tableAt(current, keyPath.slice(0, -1), lineNumber);
    target[keyPath[keyPath.length - 1] ?? ""] = parseValue(line.slice(eq + 1).trim());
  }
  return root;
}

function tableAt(root: TomlTable, path: string[], line: number): TomlTable {
  let table = root;
  for (const key of path) {
    let next = table[key];
    if (Array.isArray(next)) next = next[next.length - 1];
    if (next === undefined) {
      next = {};
      table[key] = next;
    }
    if (typeof next !== "object" || Array.isArray(next)) throw new TomlError(`${key} is not a table`, line);
    table = next;
  }
  return table;
}

function splitKey(key: string): string[] {
  const parts: string[] = [];
  for (const match of key.matchAll(/\s*(?:"([^"]*)"|'([^']*)'|([A-Za-z0-9_-]+))\s*(?:\.|$)/g)) {
    parts.push(match[1] ?? match[2] ?? match[3] ?? "");
  }
  return parts;
}

function stripComment(line: string): string {
  let quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === "\\" && quote === '"') i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === "#") return line.slice(0, i);
  }
  return line;
}

function openBrackets(text: string): number {
  let depth = 0;
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === "\\" && quote === '"') i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === "[") depth++;
    else if (c === "]") depth--;
  }
  return depth;
}

function parseValue(text: string): TomlValue {
  if (text.startsWith('"') && text.endsWith('"') && text.length >= 2 && !text.startsWith('"""')) {
    return JSON.parse(text) as string;
  }
  if (text.startsWith("'") && text.endsWith("'") && text.length >= 2 && !text.startsWith("'''")) {
    return text.slice(1, -1);
  }
  if (text === "true") return true;
  if (text === "false") return false;
  if (/^[+-]?\d[\d_]*$/.test(text)) return Number(text.replace(/_/g, ""));
  if (/^[+-]?\d[\d_]*\.\d[\d_]*$/.test(text)) return Number(text.replace(/_/g, ""));
  if (text.startsWith("[") && text.endsWith("]")) return splitArray(text.slice(1, -1)).map(parseValue);
  return text;
}

function splitArray(body: string): string[] {
  const items: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (quote) {
      if (c === "\\" && quote === '"') i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === "[" || c === "{") depth++;
    else if (c === "]" || c === "}") depth--;
    else if (c === "," && depth === 0) {
      items.push(body.slice(start, i).trim());
      start = i + 1;
    }
  }
  items.push(body.slice(start).trim());
  return items.filter((item) => item !== "");
}
