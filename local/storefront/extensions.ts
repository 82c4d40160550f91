// Theme app extensions, read the way `shopify app dev` reads them: every extensions/<dir>/ whose
// shopify.extension.toml says type = "theme", with blocks/*.liquid (each with a {% schema %}),
// snippets/*.liquid, assets/ (flat) and locales/*.json. Files are read on every call, so a developer's
// edits show up on the next page load.

import fs from "node:fs";
import path from "node:path";
import { parseToml, type TomlTable, type TomlValue } from "./toml";

export type BlockTarget = "section" | "body" | "head" | "compliance_head";

export interface BlockSetting {
  type: string;
  id?: string;
  label?: string;
  default?: unknown;
  /** Product and collection settings on app blocks can default to the page's resource. */
  autofill?: boolean;
  [key: string]: unknown;
}

export interface BlockSchema {
  name: string;
  target: BlockTarget;
  settings: BlockSetting[];
  /** File names in the extension's assets/ that Shopify loads once per page when the block renders. */
  javascript?: string;
  stylesheet?: string;
  /** "{{ app.metafields.<ns>.<key> }}": the block is offered (and rendered) only when this is true. */
  available_if?: string;
  enabled_on?: { templates?: string[]; groups?: string[] };
  disabled_on?: { templates?: string[]; groups?: string[] };
  [key: string]: unknown;
}

export interface ThemeAppBlock {
  /** The extension's handle. */
  extension: string;
  /** The file's base name: blocks/complete.liquid → "complete". */
  name: string;
  /** Path inside the extension, for error messages: "blocks/complete.liquid". */
  file: string;
  /** The Liquid source without its {% schema %}. */
  source: string;
  schema: BlockSchema;
}

export type TranslationTree = { [key: string]: string | TranslationTree };

export interface ThemeAppExtension {
  handle: string;
  name: string;
  directory: string;
  blocks: ThemeAppBlock[];
  /** Snippet sources by path inside the extension: "snippets/price.liquid". */
  snippets: Map<string, string>;
  /** Storefront translations by locale ("en", "fr", "pt-BR"); schema translations are not loaded. */
  locales: Map<string, TranslationTree>;
  /** The locale of the `<locale>.default.json` file, if any. */
  defaultLocale: string | null;
}

export class ThemeExtensionError extends Error {
  readonly file: string;

  constructor(file: string, message: string) {
    super(`${file}: ${message}`);
    this.name = "ThemeExtensionError";
    this.file = file;
  }
}

const TARGETS: ReadonlySet<string> = new Set(["section", "body", "head", "compliance_head"]);
const SCHEMA_TAG = /\{%-?\s*schema\s*-?%\}([\s\S]*?)\{%-?\s*endschema\s*-?%\}/g;
const ASSET_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

/**
 * Every theme app extension under `extensionsDir` (a missing directory has none). A directory that is
 * itself an extension (it has a shopify.extension.toml) is read as that one extension.
 */
export function loadThemeAppExtensions(extensionsDir: string): ThemeAppExtension[] {
  if (!fs.existsSync(extensionsDir)) return [];
  if (fs.existsSync(path.join(extensionsDir, "shopify.extension.toml"))) {
    const single = readExtensionDirectory(extensionsDir);
    return single ? [single] : [];
  }
  return fs
    .readdirSync(extensionsDir, { withFileTypes: true })
    .sort(byName)
    .filter((entry) => entry.isDirectory())
    .map((entry) => readExtensionDirectory(path.join(extensionsDir, entry.name)))
    .filter((extension): extension is ThemeAppExtension => extension !== null);
}

function readExtensionDirectory(directory: string): ThemeAppExtension | null {
  const tomlPath = path.join(directory, "shopify.extension.toml");
  if (!fs.existsSync(tomlPath)) return null;
  let toml: TomlTable;
  try {
    toml = parseToml(fs.readFileSync(tomlPath, "utf8"));
  } catch (error) {
    throw new ThemeExtensionError(tomlPath, (error as Error).message);
  }
  const identity = themeExtensionIdentity(toml, path.basename(directory));
  return identity ? loadThemeAppExtension(directory, identity) : null;
}

/** Reads type/name/handle from either the flat or the [[extensions]] form of shopify.extension.toml. */
function themeExtensionIdentity(toml: TomlTable, directoryName: string): { handle: string; name: string } | null {
  const candidates: TomlTable[] = [toml];
  const list = toml.extensions;
  if (Array.isArray(list)) candidates.push(...list.filter(isTable));
  const theme = candidates.find((table) => table.type === "theme");
  if (!theme) return null;
  const handle = typeof theme.handle === "string" && theme.handle ? theme.handle : directoryName;
  const name = typeof theme.name === "string" && theme.name ? theme.name : handle;
  return { handle, name };
}

function isTable(value: TomlValue): value is TomlTable {
  return typeof value === "object" && !Array.isArray(value);
}

function byName(a: fs.Dirent, b: fs.Dirent): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

function liquidFiles(directory: string): string[] {
  if (!fs.existsSync(directory)) return [];
  return fs
    .readdirSync(directory)
    .filter((file) => file.endsWith(".liquid"))
    .sort();
}

export function loadThemeAppExtension(
  directory: string,
  identity: { handle: string; name: string },
): ThemeAppExtension {
  const blocks = liquidFiles(path.join(directory, "blocks")).map((file) => {
    const relative = `blocks/${file}`;
    const { schema, source } = readBlockSchema(fs.readFileSync(path.join(directory, relative), "utf8"), relative);
    checkBlockAssets(directory, schema, relative);
    return { extension: identity.handle, name: file.slice(0, -".liquid".length), file: relative, source, schema };
  });
  const snippets = new Map<string, string>();
  for (const file of liquidFiles(path.join(directory, "snippets"))) {
    snippets.set(`snippets/${file}`, fs.readFileSync(path.join(directory, "snippets", file), "utf8"));
  }
  const locales = new Map<string, TranslationTree>();
  let defaultLocale: string | null = null;
  const localesDir = path.join(directory, "locales");
  if (fs.existsSync(localesDir)) {
    for (const file of fs.readdirSync(localesDir).sort()) {
      const match = /^([A-Za-z]{2,3}(?:-[A-Za-z0-9]+)?)(\.default)?\.json$/.exec(file);
      if (!match) continue; // *.schema.json and other files are editor-only
      const locale = match[1]!;
      const text = fs.readFileSync(path.join(localesDir, file), "utf8");
      let tree: unknown;
      try {
        tree = JSON.parse(text);
      } catch (error) {
        throw new ThemeExtensionError(`locales/${file}`, `invalid JSON (${(error as Error).message})`);
      }
      if (!tree || typeof tree !== "object" || Array.isArray(tree)) {
        throw new ThemeExtensionError(`locales/${file}`, "must be a JSON object of translations");
      }
      locales.set(locale, tree as TranslationTree);
      if (match[2]) defaultLocale = locale;
    }
  }
  return { ...identity, directory, blocks, snippets, locales, defaultLocale };
}

/** Splits a block file into its Liquid and its parsed {% schema %}, validating what Shopify validates on push. */
export function readBlockSchema(text: string, file: string): { schema: BlockSchema; source: string } {
  const matches = [...text.matchAll(SCHEMA_TAG)];
  if (matches.length === 0) throw new ThemeExtensionError(file, "an app block needs a {% schema %} tag");
  if (matches.length > 1) throw new ThemeExtensionError(file, "only one {% schema %} tag is allowed");
  let raw: unknown;
  try {
    raw = JSON.parse(matches[0]![1] ?? "");
  } catch (error) {
    throw new ThemeExtensionError(file, `invalid JSON in {% schema %} (${(error as Error).message})`);
  }
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) {
    throw new ThemeExtensionError(file, "{% schema %} must be a JSON object");
  }
  const schema = raw as Record<string, unknown>;
  if (typeof schema.name !== "string" || schema.name.trim() === "") {
    throw new ThemeExtensionError(file, '{% schema %} needs a "name"');
  }
  if (typeof schema.target !== "string" || !TARGETS.has(schema.target)) {
    throw new ThemeExtensionError(file, '{% schema %} "target" must be "section", "body", "head" or "compliance_head"');
  }
  const settings = schema.settings ?? [];
  if (!Array.isArray(settings)) throw new ThemeExtensionError(file, '{% schema %} "settings" must be an array');
  const ids = new Set<string>();
  for (const setting of settings as unknown[]) {
    if (!setting || typeof setting !== "object" || typeof (setting as BlockSetting).type !== "string") {
      throw new ThemeExtensionError(file, 'every setting needs a "type"');
    }
    const id = (setting as BlockSetting).id;
    if (id !== undefined) {
      if (typeof id !== "string" || ids.has(id)) {
        throw new ThemeExtensionError(file, `setting id ${JSON.stringify(id)} must be a unique string`);
      }
      ids.add(id);
    }
  }
  for (const key of ["javascript", "stylesheet"] as const) {
    const value = schema[key];
    if (value !== undefined && (typeof value !== "string" || !ASSET_NAME.test(value))) {
      throw new ThemeExtensionError(file, `{% schema %} "${key}" must be the name of a file in assets/`);
    }
  }
  return {
    schema: { ...schema, settings } as BlockSchema,
    source: text.replace(SCHEMA_TAG, ""),
  };
}

function checkBlockAssets(directory: string, schema: BlockSchema, file: string): void {
  for (const asset of [schema.javascript, schema.stylesheet]) {
    if (asset && !fs.existsSync(path.join(directory, "assets", asset))) {
      throw new ThemeExtensionError(file, `{% schema %} names assets/${asset}, which does not exist`);
    }
  }
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".avif": "image/avif",
  ".ico": "image/x-icon",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".txt": "text/plain; charset=utf-8",
};

/** The file behind /extensions/<handle>/assets/<file>, or null (assets/ is flat, like Shopify's). */
export function resolveExtensionAsset(
  extension: ThemeAppExtension,
  file: string,
): { path: string; contentType: string } | null {
  if (!ASSET_NAME.test(file) || file.includes("..")) return null;
  const full = path.join(extension.directory, "assets", file);
  if (!fs.existsSync(full) || !fs.statSync(full).isFile()) return null;
  return { path: full, contentType: CONTENT_TYPES[path.extname(file).toLowerCase()] ?? "application/octet-stream" };
}

/** The URL Liquid's asset_url gives a file of an extension's assets/ (Shopify's CDN, emulated). */
export function extensionAssetUrl(handle: string, file: string): string {
  return `/extensions/${encodeURIComponent(handle)}/assets/${encodeURIComponent(file)}`;
}
