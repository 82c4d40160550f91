import fs from "node:fs";
import path from "node:path";
import { parse } from "graphql";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { renderGeneratedApi } from "../scripts/codegen";
import {
  API_VERSION,
  deprecatedFields,
  EXPORT_NAME,
  EXTENSION_DIR,
  GENERATED_API_PATH,
  INPUT_QUERY_PATH,
  loadInputQuery,
  loadSchema,
  queryErrors,
  REPO_DIR,
  restrictTargetViolations,
  SCHEMA_PATH,
  TARGET,
} from "../scripts/schema";

const schema = loadSchema();
const toml = fs.readFileSync(path.join(EXTENSION_DIR, "shopify.extension.toml"), "utf8");
const tomlValue = (key: string) => toml.match(new RegExp(`^\\s*${key}\\s*=\\s*"([^"]*)"`, "m"))?.[1];

describe("the input query", () => {
  it("validates against Shopify's 2026-04 Discount Function schema", () => {
    expect(queryErrors(schema, loadInputQuery())).toEqual([]);
  });

  it("selects only fields @restrictTarget allows for cart.lines.discounts.generate.run", () => {
    expect(restrictTargetViolations(schema, loadInputQuery(), TARGET)).toEqual([]);
  });

  it("selects no deprecated field", () => {
    expect(deprecatedFields(schema, loadInputQuery())).toEqual([]);
  });

  it("reads the product metafield, line property and customer tag of the app's metafield contract", () => {
    const text = fs.readFileSync(INPUT_QUERY_PATH, "utf8");
    expect(text).toContain('metafield(namespace: "$app:attach", key: "discount_rules")');
    expect(text).toContain('metafield(namespace: "$app:attach", key: "config")');
    expect(text).toContain('attribute(key: "_attach_offer")');
    expect(text).toContain('hasAnyTag(tags: ["attach-excluded"])');
  });
});

describe("the @restrictTarget check", () => {
  it("reports a field that only other targets may select", () => {
    const document = parse("query { fetchResult { status } triggeringDiscountCode }");
    expect(restrictTargetViolations(schema, document, "cart.lines.discounts.generate.fetch")).toEqual([
      "Input.fetchResult is only available for cart.lines.discounts.generate.run, cart.delivery-options.discounts.generate.run",
      "Input.triggeringDiscountCode is only available for cart.lines.discounts.generate.run, cart.delivery-options.discounts.generate.run",
    ]);
    expect(restrictTargetViolations(schema, document, TARGET)).toEqual([]);
  });
});

describe("the schema file", () => {
  it("is read from the shared folder outside the repository, never from a copy inside it", () => {
    if (!process.env.SHOPIFY_FUNCTION_SCHEMA) expect(path.relative(REPO_DIR, SCHEMA_PATH).startsWith("..")).toBe(true);
    // The Shopify CLI writes schema.graphql here in a real checkout; git must ignore it.
    const gitignore = fs.readFileSync(path.join(REPO_DIR, ".gitignore"), "utf8");
    expect(gitignore.split("\n")).toContain("extensions/*/schema.graphql");
    const copies = fs
      .readdirSync(EXTENSION_DIR)
      .filter((f) => f !== "schema.graphql" && /schema.*\.(graphql|json)$/.test(f));
    expect(copies).toEqual([]);
  });

  it("is the API version shopify.extension.toml declares", () => {
    expect(fs.readFileSync(SCHEMA_PATH, "utf8").split("\n")[0]).toBe(`# api_version: ${API_VERSION}`);
    expect(tomlValue("api_version")).toBe(API_VERSION);
  });
});

describe("shopify.extension.toml", () => {
  it("declares a function with the cart lines run target, our query and export", () => {
    expect(tomlValue("type")).toBe("function");
    expect(tomlValue("handle")).toBe("bundle-discount");
    expect(tomlValue("target")).toBe(TARGET);
    expect(tomlValue("export")).toBe(EXPORT_NAME);
    expect(path.join(EXTENSION_DIR, tomlValue("input_query") ?? "")).toBe(INPUT_QUERY_PATH);
    expect(tomlValue("path")).toBe("dist/function.wasm");
  });

  it("names an export that src/index.ts provides (kebab-case → camelCase)", async () => {
    const camel = EXPORT_NAME.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
    const entry = (await import("../src/index")) as Record<string, unknown>;
    expect(Object.keys(entry)).toEqual([camel]);
    expect(typeof entry[camel]).toBe("function");
  });
});

describe("generated/api.ts", () => {
  it("is what the codegen script produces from the current schema and query", async () => {
    const committed = fs.readFileSync(GENERATED_API_PATH, "utf8");
    expect(committed.startsWith("// GENERATED — do not edit.")).toBe(true);
    expect(committed).toBe(await renderGeneratedApi());
  });
});

describe("the Function bundle", () => {
  /** Every file src/index.ts reaches through imports, and the package imports among them. */
  function importGraph() {
    const files = new Set<string>();
    const packages = new Set<string>();
    const visit = (file: string) => {
      if (files.has(file)) return;
      files.add(file);
      const { importedFiles } = ts.preProcessFile(fs.readFileSync(file, "utf8"), true, true);
      for (const { fileName } of importedFiles) {
        if (!fileName.startsWith(".")) packages.add(fileName);
        else visit(path.resolve(path.dirname(file), `${fileName}.ts`));
      }
    };
    visit(path.join(EXTENSION_DIR, "src/index.ts"));
    return { files: [...files].map((f) => path.relative(REPO_DIR, f)).sort(), packages: [...packages] };
  }

  it("imports no package (no zod, no Node API) and only the dependency-free app/domain modules", () => {
    const graph = importGraph();
    expect(graph.packages).toEqual([]);
    expect(graph.files.filter((f) => !f.startsWith("extensions/bundle-discount/"))).toEqual([
      "app/domain/bundle-saving.ts",
      "app/domain/money.ts",
      "app/domain/offer-metafields-core.ts",
    ]);
  });
});
