import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { derivePostgresSchema } from "../../app/database-schema";
import { databaseTarget, projectRoot } from "../../app/database-target";
import { ADMIN_API_VERSION } from "../../app/shopify.api-version";

const read = (file: string) => fs.readFileSync(path.join(projectRoot, file), "utf8");

describe("the pinned Admin API version", () => {
  it("is the version shopify.app.toml subscribes webhooks with", () => {
    const toml = read("shopify.app.toml");
    const [, webhookVersion] = toml.match(/\[webhooks\]\s*\n(?:#.*\n)*api_version\s*=\s*"([^"]+)"/) ?? [];
    expect(webhookVersion).toBe(ADMIN_API_VERSION);
  });

  it("is the only Admin API version named in the app's code", () => {
    const versions = new Set<string>();
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (/\.(ts|tsx)$/.test(entry.name)) {
          for (const m of fs.readFileSync(full, "utf8").matchAll(/ApiVersion\.(\w+)|admin\/api\/(\d{4}-\d{2})/g)) {
            versions.add(m[1] ?? m[2]!);
          }
        }
      }
    };
    walk(path.join(projectRoot, "app"));
    expect([...versions]).toEqual(["April26"]);
  });
});

describe("shopify.app.toml", () => {
  const toml = read("shopify.app.toml");

  it("subscribes to the mandatory privacy topics and app/uninstalled", () => {
    expect(toml).toMatch(/compliance_topics\s*=\s*\["customers\/data_request", "customers\/redact", "shop\/redact"\]/);
    expect(toml).toMatch(/topics\s*=\s*\["app\/uninstalled"\]/);
  });

  it("points every webhook subscription at a route the app has", () => {
    const uris = [...toml.matchAll(/^\s*uri\s*=\s*"\/([^"]+)"/gm)].map((m) => m[1]!);
    expect(uris.length).toBeGreaterThan(0);
    for (const uri of uris) {
      const route = path.join(projectRoot, "app", "routes", `${uri.replaceAll("/", ".")}.tsx`);
      expect(fs.existsSync(route), `${uri} needs app/routes/${path.basename(route)}`).toBe(true);
    }
  });
});

describe("databaseTarget", () => {
  it("defaults to the embedded SQLite file under prisma/", () => {
    const target = databaseTarget(undefined);
    expect(target.provider).toBe("sqlite");
    expect(target.url).toBe(`file:${path.join(projectRoot, "prisma", "dev.sqlite")}`);
  });

  it("resolves a relative SQLite path against the project, not the working directory", () => {
    expect(databaseTarget("file:./prisma/other.sqlite").url).toBe(
      `file:${path.join(projectRoot, "prisma/other.sqlite")}`,
    );
  });

  it("picks PostgreSQL for postgres:// and postgresql:// URLs, with the schema parameter", () => {
    expect(databaseTarget("postgres://u@db:5432/attach").pgSchema).toBe("public");
    const target = databaseTarget("postgresql://u@db:5432/attach?schema=tenant_a");
    expect(target.provider).toBe("postgresql");
    expect(target.pgSchema).toBe("tenant_a");
  });

  it("refuses other databases and unsafe schema names with a message naming DATABASE_URL", () => {
    expect(() => databaseTarget("mysql://u@db/attach")).toThrow(
      /DATABASE_URL must be a file: URL .* or a postgres:\/\/ URL/,
    );
    expect(() => databaseTarget('postgresql://u@db/attach?schema=a";drop')).toThrow(/DATABASE_URL: schema/);
    expect(() => databaseTarget("file:")).toThrow(/DATABASE_URL: a file: URL needs a path/);
  });
});

describe("derivePostgresSchema", () => {
  const sqlite = read("prisma/schema.prisma");

  it("changes only the provider, the url and the client's output", () => {
    const derived = derivePostgresSchema(sqlite);
    expect(derived).toContain('provider = "postgresql"');
    expect(derived).toContain('url      = env("DATABASE_URL")');
    expect(derived).toContain('output     = "../generated/postgresql"');
    const models = (schema: string) => schema.slice(schema.indexOf("\nmodel "));
    expect(models(derived)).toBe(models(sqlite));
  });

  it("fails loudly when the canonical schema no longer has the lines it rewrites", () => {
    expect(() => derivePostgresSchema(sqlite.replace('engineType = "client"', ""))).toThrow(/cannot derive/);
  });
});

describe("migrations", () => {
  it("record the datamodel they were written from, so the next migration diffs from it", () => {
    const models = (schema: string) => schema.slice(schema.indexOf("\nmodel "));
    expect(models(read("prisma/migrated.schema.prisma"))).toBe(models(read("prisma/schema.prisma")));
  });
});
