import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadThemeAppExtensions, readBlockSchema, ThemeExtensionError } from "../../../local/storefront/extensions";
import { parseToml } from "../../../local/storefront/toml";
import { FIXTURE_EXTENSION, storefrontClient, writeExtension } from "./helpers";

describe("theme app extension discovery", () => {
  it("reads the handle, blocks with their schema, snippets and locales of an extension", () => {
    const [extension, ...others] = loadThemeAppExtensions(FIXTURE_EXTENSION);
    expect(others).toEqual([]);
    expect(extension!.handle).toBe("attach-test");
    expect(extension!.name).toBe("Attach test widget");
    expect(extension!.blocks.map((b) => b.name)).toEqual(["beacon", "complete"]);
    const complete = extension!.blocks.find((b) => b.name === "complete")!;
    expect(complete.schema).toMatchObject({
      name: "Complete the set",
      target: "section",
      javascript: "x.js",
      stylesheet: "x.css",
    });
    expect(complete.schema.settings.map((s) => s.id ?? s.type)).toEqual([
      "header",
      "heading",
      "show_prices",
      "max_items",
      "product",
    ]);
    expect(complete.source).not.toContain("schema");
    expect([...extension!.snippets.keys()]).toEqual(["snippets/attach-item.liquid"]);
    expect([...extension!.locales.keys()].sort()).toEqual(["en", "fr"]);
    expect(extension!.defaultLocale).toBe("en");
  });

  it('scans a directory of extensions, keeping only type = "theme"', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "attach-extensions-"));
    fs.cpSync(FIXTURE_EXTENSION, path.join(root, "widget"), { recursive: true });
    fs.mkdirSync(path.join(root, "discount"));
    fs.writeFileSync(
      path.join(root, "discount", "shopify.extension.toml"),
      '[[extensions]]\nname = "D"\ntype = "function"\n',
    );
    fs.mkdirSync(path.join(root, "notes"));
    expect(loadThemeAppExtensions(root).map((e) => e.handle)).toEqual(["attach-test"]);
    expect(loadThemeAppExtensions(path.join(root, "missing"))).toEqual([]);
  });

  it("names the handle after the directory when the toml has none", () => {
    const dir = writeExtension({ "shopify.extension.toml": 'name = "Flat"\ntype = "theme"\n' });
    expect(loadThemeAppExtensions(dir)[0]!.handle).toBe(path.basename(dir));
  });
});

describe("block schemas", () => {
  const error = (text: string) => {
    try {
      readBlockSchema(text, "blocks/x.liquid");
    } catch (e) {
      expect(e).toBeInstanceOf(ThemeExtensionError);
      return (e as Error).message;
    }
    throw new Error("expected a ThemeExtensionError");
  };

  it("are required, valid JSON, and name a target", () => {
    expect(error("<p>no schema</p>")).toBe("blocks/x.liquid: an app block needs a {% schema %} tag");
    expect(error("{% schema %}{nope{% endschema %}")).toContain("blocks/x.liquid: invalid JSON in {% schema %}");
    expect(error('{% schema %}{"name": "X", "target": "footer"}{% endschema %}')).toContain('"target" must be');
    expect(error('{% schema %}{"target": "section"}{% endschema %}')).toContain('needs a "name"');
  });

  it("reject duplicate setting ids", () => {
    expect(
      error(
        '{% schema %}{"name": "X", "target": "section", "settings": [{"type": "text", "id": "a"}, {"type": "text", "id": "a"}]}{% endschema %}',
      ),
    ).toContain('setting id "a" must be a unique string');
  });

  it("must name assets that exist", () => {
    const dir = writeExtension({
      "blocks/x.liquid": '{% schema %}{"name": "X", "target": "section", "javascript": "gone.js"}{% endschema %}',
    });
    expect(() => loadThemeAppExtensions(dir)).toThrow(
      "blocks/x.liquid: {% schema %} names assets/gone.js, which does not exist",
    );
  });
});

describe("extension assets", () => {
  it("are served at /extensions/<handle>/assets/<file> with their content type", async () => {
    const client = storefrontClient();
    const js = await client.get("/extensions/attach-test/assets/x.js");
    expect(js.status).toBe(200);
    expect(js.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(await js.text()).toBe(fs.readFileSync(path.join(FIXTURE_EXTENSION, "assets/x.js"), "utf8"));
    const css = await client.get("/extensions/attach-test/assets/x.css");
    expect(css.headers.get("content-type")).toBe("text/css; charset=utf-8");
  });

  it("404 for unknown files, unknown extensions and paths out of assets/", async () => {
    const client = storefrontClient();
    for (const url of [
      "/extensions/attach-test/assets/nope.js",
      "/extensions/other/assets/x.js",
      "/extensions/attach-test/assets/..%2Fblocks%2Fcomplete.liquid",
      "/extensions/attach-test/assets/%2E%2E",
    ]) {
      expect((await client.get(url)).status, url).toBe(404);
    }
  });
});

describe("the TOML reader", () => {
  it("reads tables, arrays of tables, comments and arrays", () => {
    expect(
      parseToml(`title = "x # not a comment" # comment
[app_proxy]
url = 'https://e.test/proxy'
[[extensions]]
name = "A"
enabled = true
count = 3
tags = [
  "a", # first
  "b",
]
[[extensions]]
name = "B"
[extensions.settings]
flag = false
`),
    ).toEqual({
      title: "x # not a comment",
      app_proxy: { url: "https://e.test/proxy" },
      extensions: [
        { name: "A", enabled: true, count: 3, tags: ["a", "b"] },
        { name: "B", settings: { flag: false } },
      ],
    });
  });
});
