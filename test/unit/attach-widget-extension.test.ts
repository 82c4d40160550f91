// The storefront widget's files against Shopify's limits for theme app extensions and our own budgets:
// what the blocks load (JS ≤ 5 KB and CSS ≤ 3 KB gzipped, issue 5), no tag Shopify refuses in app
// blocks, the same translation keys in every locale, and every key the Liquid uses defined.
import fs from "node:fs";
import path from "node:path";
import vm from "node:vm";
import zlib from "node:zlib";
import { describe, expect, it } from "vitest";
import { loadThemeAppExtensions } from "../../local/storefront/extensions";
import { buildWidget } from "../../scripts/build-widget";
import { FORBIDDEN_APP_EXTENSION_TAGS, checkThemeAppExtension } from "../../local/storefront/liquid";

const DIR = path.resolve(import.meta.dirname, "../../extensions/attach-widget");
const JS_BUDGET_GZIP = 5_000;
const CSS_BUDGET_GZIP = 3_000;
const LOCALES = ["en", "fr", "de", "es", "it", "nl", "pt-BR", "ja"];

const read = (file: string) => fs.readFileSync(path.join(DIR, file), "utf8");
const list = (dir: string) => fs.readdirSync(path.join(DIR, dir)).sort();
const gzipSize = (file: string) => zlib.gzipSync(fs.readFileSync(path.join(DIR, file)), { level: 9 }).length;
const liquidFiles = () => [
  ...list("blocks").map((f) => `blocks/${f}`),
  ...list("snippets").map((f) => `snippets/${f}`),
];

type Tree = { [key: string]: string | Tree };
function keys(tree: Tree, prefix = ""): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === "string" ? [`${prefix}${key}`] : keys(value, `${prefix}${key}.`),
  );
}
const localeFile = (locale: string, kind: "" | ".schema") =>
  `locales/${locale}${locale === "en" ? ".default" : ""}${kind}.json`;

/** Every block's schema, parsed. */
function schemas(): Array<{ file: string; schema: Record<string, unknown> }> {
  return list("blocks").map((file) => {
    const match = /\{%-?\s*schema\s*-?%\}([\s\S]*?)\{%-?\s*endschema\s*-?%\}/.exec(read(`blocks/${file}`));
    return { file, schema: JSON.parse(match![1]!) as Record<string, unknown> };
  });
}

describe("the Attach widget extension", () => {
  it(`loads at most ${JS_BUDGET_GZIP} bytes of gzipped JavaScript and ${CSS_BUDGET_GZIP} of CSS, the same files on every block`, () => {
    const scripts = new Set(schemas().map(({ schema }) => schema.javascript as string));
    const styles = new Set(schemas().map(({ schema }) => schema.stylesheet as string));
    expect([...scripts]).toEqual(["attach-widget.js"]);
    expect([...styles]).toEqual(["attach-widget.css"]);
    const js = gzipSize("assets/attach-widget.js");
    const css = gzipSize("assets/attach-widget.css");
    console.log(`attach-widget.js: ${js} B gzipped; attach-widget.css: ${css} B gzipped`);
    expect(js).toBeLessThanOrEqual(JS_BUDGET_GZIP);
    expect(css).toBeLessThanOrEqual(CSS_BUDGET_GZIP);
    // Theme Check's AssetSizeAppBlockJavaScript counts the file as it is: 10,000 bytes.
    expect(fs.statSync(path.join(DIR, "assets/attach-widget.js")).size).toBeLessThanOrEqual(10_000);
  });

  it("ships the build of widget/src/attach-widget.js (run `npm run build:widget` after editing it)", async () => {
    expect(read("assets/attach-widget.js")).toBe(await buildWidget());
  });

  it("ships a classic script that defines its two custom elements, leaks no globals and survives a second load", () => {
    const defined: string[] = [];
    const sandbox: Record<string, unknown> = {
      customElements: { get: (name: string) => defined.includes(name), define: (name: string) => defined.push(name) },
      HTMLElement: class {},
      document: { addEventListener: () => {} },
      addEventListener: () => {},
    };
    sandbox.window = sandbox;
    const before = new Set(Object.keys(sandbox));
    const context = vm.createContext(sandbox);
    const script = new vm.Script(read("assets/attach-widget.js"));
    script.runInContext(context);
    // A top-level const or class would make the second run throw "already declared".
    script.runInContext(context);
    expect(defined).toEqual(["attach-widget", "attach-drawer"]);
    expect(Object.keys(sandbox).filter((key) => !before.has(key))).toEqual([]);
  });

  it("uses none of the tags Shopify refuses in app blocks and snippets", () => {
    const forbidden = new RegExp(`\\{%-?\\s*(${Object.keys(FORBIDDEN_APP_EXTENSION_TAGS).join("|")})\\b`);
    for (const file of liquidFiles()) expect(forbidden.exec(read(file))?.[1], file).toBeUndefined();
    expect(forbidden.exec("{%- include 'x' -%}")?.[1]).toBe("include");
    // The emulator's parser refuses them too, and every file parses.
    const [extension] = loadThemeAppExtensions(DIR);
    expect(extension?.handle).toBe("attach-widget");
    expect(() => checkThemeAppExtension(extension!)).not.toThrow();
  });

  it("stays within Shopify's limits for theme app extensions", () => {
    const liquidBytes = liquidFiles().reduce((sum, file) => sum + fs.statSync(path.join(DIR, file)).size, 0);
    expect(liquidBytes).toBeLessThanOrEqual(500 * 1024);
    for (const file of list("assets")) expect(file).toMatch(/\.(js|css|json|svg|png|jpg|wasm)$/);
    for (const file of list("locales"))
      expect(fs.statSync(path.join(DIR, "locales", file)).size).toBeLessThanOrEqual(15 * 1024);
    expect(list(".").filter((f) => !["assets", "blocks", "locales", "snippets"].includes(f))).toEqual([
      "shopify.extension.toml",
    ]);
    for (const { file, schema } of schemas()) {
      if (file === "cart-drawer.liquid") {
        // The app embed: on every page, since the theme's drawer is.
        expect(schema.target, file).toBe("body");
        expect(schema.enabled_on, file).toBeUndefined();
        continue;
      }
      expect(schema.target, file).toBe("section");
      expect((schema.enabled_on as { templates: string[] }).templates, file).toEqual([
        file === "cart-complements.liquid" ? "cart" : "product",
      ]);
    }
  });

  it.each(["", ".schema"] as const)("has the same%s translation keys in every locale", (kind) => {
    expect(list("locales")).toEqual(expect.arrayContaining(LOCALES.map((l) => path.basename(localeFile(l, kind)))));
    const english = keys(JSON.parse(read(localeFile("en", kind))) as Tree).sort();
    expect(english.length).toBeGreaterThan(5);
    for (const locale of LOCALES.slice(1)) {
      const translated = JSON.parse(read(localeFile(locale, kind))) as Tree;
      expect(keys(translated).sort(), `${locale}${kind}`).toEqual(english);
      for (const key of keys(translated)) {
        const value = key.split(".").reduce<Tree | string>((node, part) => (node as Tree)[part]!, translated);
        expect(String(value).trim(), `${locale}${kind}: ${key}`).not.toBe("");
      }
    }
  });

  it("defines every translation key the blocks, snippets and schemas use", () => {
    const storefront = new Set(keys(JSON.parse(read(localeFile("en", ""))) as Tree));
    const schema = new Set(keys(JSON.parse(read(localeFile("en", ".schema"))) as Tree));
    const plural = (key: string) => storefront.has(`${key}.one`) && storefront.has(`${key}.other`);
    for (const file of liquidFiles()) {
      for (const [, key] of read(file).matchAll(/'([\w.]+)'\s*\|\s*t\b/g)) {
        expect(storefront.has(key!) || plural(key!), `${file}: ${key}`).toBe(true);
      }
      for (const [, key] of read(file).matchAll(/"t:([\w.]+)"/g))
        expect(schema.has(key!), `${file}: ${key}`).toBe(true);
    }
  });
});
