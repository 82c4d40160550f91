// Shopify's Theme Check on the storefront widget (extensions/attach-widget), with the configuration
// Shopify applies to theme app extensions (`theme-check:theme-app-extension`: app block tags and
// schema, asset sizes, translations, Liquid and HTML syntax, unknown filters and objects…). It runs
// offline: without Shopify's latest Liquid docs it uses the ones bundled with the package.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Severity, themeCheckRun, type Offense } from "@shopify/theme-check-node";
import { describe, expect, it } from "vitest";

const EXTENSION = path.resolve(import.meta.dirname, "../../extensions/attach-widget");
const CONFIG = "theme-check:theme-app-extension";

async function problems(root: string) {
  const { offenses } = await themeCheckRun(root, CONFIG, () => {});
  const describeOffense = (o: Offense) =>
    `${Severity[o.severity]} ${o.check} ${path.relative(root, new URL(o.uri).pathname)}:${o.start.line + 1} ${o.message}`;
  return {
    errors: offenses.filter((o) => o.severity === Severity.ERROR).map(describeOffense),
    warnings: offenses.filter((o) => o.severity === Severity.WARNING).map(describeOffense),
  };
}

describe("Theme Check on the Attach widget extension", () => {
  it("reports no errors and no warnings with Shopify's theme app extension checks", async () => {
    const { errors, warnings } = await problems(EXTENSION);
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it("would catch a forbidden tag, a missing translation and an oversized script in a copy of it", async () => {
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), "attach-widget-check-"));
    try {
      fs.cpSync(EXTENSION, copy, { recursive: true });
      const block = path.join(copy, "blocks/complete-the-solution.liquid");
      fs.writeFileSync(block, `{% include 'attach-item' %}\n${fs.readFileSync(block, "utf8")}`);
      const french = path.join(copy, "locales/fr.json");
      const translations = JSON.parse(fs.readFileSync(french, "utf8")) as { attach: Record<string, unknown> };
      delete translations.attach.total;
      fs.writeFileSync(french, JSON.stringify(translations));
      fs.appendFileSync(path.join(copy, "assets/attach-widget.js"), `// ${"x".repeat(10_000)}\n`);

      const { errors, warnings } = await problems(copy);
      const all = [...errors, ...warnings].join("\n");
      expect(all).toMatch(/AppBlockValidTags .*include/);
      expect(all).toMatch(/MatchingTranslations .*attach\.total/);
      expect(all).toMatch(/AssetSizeAppBlockJavaScript/);
    } finally {
      fs.rmSync(copy, { recursive: true, force: true });
    }
  });
});
