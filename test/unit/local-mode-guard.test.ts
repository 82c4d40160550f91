import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../../app/database-target";
import { assertLocalModeAllowed, LOCAL_API_KEY, LOCAL_API_SECRET, LocalModeRefused } from "../../local/guard";

describe("local mode", () => {
  it("runs on a developer machine with no Shopify credentials, or with its own placeholders", () => {
    expect(() => assertLocalModeAllowed({})).not.toThrow();
    expect(() =>
      assertLocalModeAllowed({
        SHOPIFY_API_KEY: LOCAL_API_KEY,
        SHOPIFY_API_SECRET: LOCAL_API_SECRET,
        NODE_ENV: "development",
      }),
    ).not.toThrow();
  });

  it("is refused in production", () => {
    expect(() => assertLocalModeAllowed({ NODE_ENV: "production" })).toThrow(LocalModeRefused);
    expect(() => assertLocalModeAllowed({ NODE_ENV: "production" })).toThrow(/NODE_ENV=production/);
  });

  it("is refused when real Shopify credentials are configured", () => {
    expect(() => assertLocalModeAllowed({ SHOPIFY_API_KEY: "a1b2c3real" })).toThrow(/SHOPIFY_API_KEY is set/);
    expect(() => assertLocalModeAllowed({ SHOPIFY_API_SECRET: "shpss_real" })).toThrow(/SHOPIFY_API_SECRET is set/);
  });

  it("is refused when the app is served anywhere but localhost", () => {
    expect(() => assertLocalModeAllowed({ SHOPIFY_APP_URL: "https://attach.example.com" })).toThrow(
      /only serves http:\/\/localhost/,
    );
  });

  it("is imported by nothing outside local mode, its launcher and the tests", () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) {
          if (!["node_modules", "build", "generated"].includes(entry.name)) walk(full);
        } else if (/\.(ts|tsx|js|mjs)$/.test(entry.name)) {
          const source = fs.readFileSync(full, "utf8");
          if (/from\s+["'][^"']*\/local\/|import\(\s*["'][^"']*\/local\//.test(source))
            offenders.push(path.relative(projectRoot, full));
        }
      }
    };
    for (const dir of ["app", "extensions", "prisma"])
      if (fs.existsSync(path.join(projectRoot, dir))) walk(path.join(projectRoot, dir));
    expect(offenders).toEqual([]);
  });
});
