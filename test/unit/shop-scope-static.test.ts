// The static half of tenant isolation: in app/, the raw Prisma client (the default export of
// app/db.server.ts, under whatever name it is imported) may only touch models that belong to no shop
// (Session). Every query on a shop-owned model goes through `shopData(shop)`, which adds the shop to
// every filter. A use of the raw client on a shop-owned model, an unscoped transaction or raw SQL, or
// the client handed to other code fails here with its file and line, unless the allowlist below names
// it with the reason it must work across shops. Raw SQL, which the scoping layer cannot scope, runs only
// in functions reviewed below for binding their shop. The dynamic half is test/db/tenant-isolation.test.ts.
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../../app/database-target";
import { SHOP_OWNED_MODELS } from "../../app/services/shop-scope.server";

interface RawClientUse {
  file: string;
  line: number;
  /** The shop-owned model or client member used ("bundle", "$transaction"), or "client" when the client itself is handed on. */
  use: string;
  code: string;
}

/** The places that must work across shops, each with its reason. A stale entry fails too. */
const ALLOWED: Array<{ file: string; use: string; reason: string }> = [
  {
    file: "app/services/shop-scope.server.ts",
    use: "client",
    reason: "the scoping layer itself: shopData(shop) wraps the raw client",
  },
  {
    file: "app/services/sql.server.ts",
    use: "client",
    reason: "queryBeside runs a statement on the client's connection; its callers are reviewed like raw SQL (RAW_SQL)",
  },
  {
    file: "app/session-storage.server.ts",
    use: "client",
    reason: "Shopify's session storage (PrismaSessionStorage) keeps Session rows, which are no shop's data",
  },
  {
    file: "app/services/order-ingestion.server.ts",
    use: "webhookDelivery",
    reason:
      "the inbox is a queue across shops: the sweep lists every shop's pending deliveries (id and shop only) " +
      "and processDelivery finds a delivery's shop by its id; each is then processed through shopData(its shop)",
  },
  {
    file: "app/services/backfill.server.ts",
    use: "backfillJob",
    reason:
      "the background sweep lists the shops with an import to move along (shop only); each shop's import " +
      "then advances through its own scoped calls",
  },
  {
    file: "app/services/co-purchase.server.ts",
    use: "orderFact",
    reason:
      "the nightly refresh lists the shops with counted orders (shop only); each shop is then recomputed " +
      "through its own scoped calls",
  },
  {
    file: "app/services/customer-signals.server.ts",
    use: "customerSignal",
    reason:
      "the background sweep lists the shops due for their daily re-evaluation (shop only); each shop is then " +
      "re-evaluated through its own scoped calls",
  },
  {
    file: "app/services/follow-up.server.ts",
    use: "followUpOffer",
    reason:
      "the background sweep lists the shops with follow-up offers due or codes to delete (shop only); each shop " +
      "is then sent through its own scoped calls",
  },
];

/** Client members that touch no shop's rows. */
const HARMLESS_MEMBERS = new Set(["$connect", "$disconnect"]);

const lowerFirst = (name: string) => name[0]!.toLowerCase() + name.slice(1);
const SHOP_OWNED = new Set<string>(SHOP_OWNED_MODELS.map(lowerFirst));

const isDatabaseModule = (specifier: string) => /(^|\/)db\.server(\.ts)?$/.test(specifier);

/** Uses of the raw client in one source file that are not plainly harmless. */
export function rawClientUses(file: string, source: string): RawClientUse[] {
  const kind = file.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const sourceFile = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, kind);
  const names = new Set<string>();
  for (const statement of sourceFile.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    const clause = statement.importClause;
    if (!clause || clause.isTypeOnly || !isDatabaseModule(statement.moduleSpecifier.text)) continue;
    if (clause.name) names.add(clause.name.text);
    const bindings = clause.namedBindings;
    if (bindings && ts.isNamespaceImport(bindings)) names.add(bindings.name.text);
    if (bindings && ts.isNamedImports(bindings)) {
      for (const element of bindings.elements) if (!element.isTypeOnly) names.add(element.name.text);
    }
  }
  const uses: RawClientUse[] = [];
  const record = (node: ts.Node, use: string) => {
    const { line } = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile));
    uses.push({ file, line: line + 1, use, code: node.getText(sourceFile).split("\n")[0]!.slice(0, 120) });
  };
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) || ts.isTypeNode(node)) return;
    if (ts.isIdentifier(node) && names.has(node.text) && isReference(node)) {
      const parent = node.parent;
      if (ts.isPropertyAccessExpression(parent) && parent.expression === node) {
        const member = parent.name.text;
        if (SHOP_OWNED.has(member) || (member.startsWith("$") && !HARMLESS_MEMBERS.has(member))) {
          record(parent, member);
        }
      } else if (ts.isElementAccessExpression(parent) && parent.expression === node) {
        record(parent, "[computed member]");
      } else {
        record(parent, "client");
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return uses;
}

/** An identifier that refers to a variable (not a property name, a declaration's name or a label). */
function isReference(node: ts.Identifier): boolean {
  const parent = node.parent;
  if (ts.isPropertyAccessExpression(parent) && parent.name === node) return false;
  if (ts.isPropertyAssignment(parent) && parent.name === node) return false;
  if ((ts.isMethodDeclaration(parent) || ts.isPropertyDeclaration(parent)) && parent.name === node) return false;
  if (ts.isVariableDeclaration(parent) && parent.name === node) return false;
  if (ts.isParameter(parent) && parent.name === node) return false;
  if ((ts.isFunctionDeclaration(parent) || ts.isBindingElement(parent)) && parent.name === node) return false;
  return true;
}

function appSourceFiles(dir = path.join(projectRoot, "app")): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return appSourceFiles(full);
    return /\.tsx?$/.test(entry.name) ? [path.relative(projectRoot, full)] : [];
  });
}

const allowed = (use: RawClientUse) => ALLOWED.some((entry) => entry.file === use.file && entry.use === use.use);
const describeUse = (use: RawClientUse) =>
  `${use.file}:${use.line} ${use.code} — query "${use.use}" through shopData(shop), or add it to ALLOWED with the reason`;

describe("the raw Prisma client in app/", () => {
  const files = appSourceFiles().filter((file) => file !== path.join("app", "db.server.ts"));
  const uses = files.flatMap((file) => rawClientUses(file, fs.readFileSync(path.join(projectRoot, file), "utf8")));

  it("reads the whole app, routes and services included", () => {
    expect(files).toEqual(expect.arrayContaining(["app/routes/app.bundles.$id.tsx", "app/services/bundles.server.ts"]));
  });

  it("touches no shop-owned model outside the allowlist", () => {
    expect(uses.filter((use) => !allowed(use)).map(describeUse)).toEqual([]);
  });

  it("has no stale allowlist entry", () => {
    const stale = ALLOWED.filter((entry) => !uses.some((use) => use.file === entry.file && use.use === entry.use));
    expect(stale.map((entry) => `${entry.file} no longer uses "${entry.use}": remove it from ALLOWED`)).toEqual([]);
  });

  it("gives every allowlist entry a reason", () => {
    expect(ALLOWED.filter((entry) => entry.reason.trim().length < 20)).toEqual([]);
  });
});

describe("the raw client check", () => {
  const check = (source: string) => rawClientUses("app/services/planted.server.ts", source);

  it("flags a shop-owned model on the raw client, with file and line", () => {
    const planted = [
      'import db from "../db.server";',
      "",
      "export const leak = (id: string) => db.bundle.findUnique({ where: { id } });",
    ].join("\n");
    expect(check(planted)).toEqual([
      {
        file: "app/services/planted.server.ts",
        line: 3,
        use: "bundle",
        code: "db.bundle",
      },
    ]);
    expect(describeUse(check(planted)[0]!)).toMatch(/^app\/services\/planted\.server\.ts:3 db\.bundle — /);
  });

  it("follows the client under another name and through the ~ alias", () => {
    const planted =
      'import prisma from "~/db.server";\nawait prisma.orderFact.count();\nawait prisma.shopSettings.upsert(x);';
    expect(check(planted).map((use) => [use.line, use.use])).toEqual([
      [2, "orderFact"],
      [3, "shopSettings"],
    ]);
  });

  it("flags unscoped transactions, raw SQL, computed members and the client handed to other code", () => {
    const planted = [
      'import db from "../db.server";',
      "await db.$transaction(async (tx) => tx.pairing.deleteMany());",
      "await db.$executeRawUnsafe('DELETE FROM \"Bundle\"');",
      'await db["bundle"].findMany();',
      "await purge(db);",
      "const { bundle } = db;",
    ].join("\n");
    expect(check(planted).map((use) => [use.line, use.use])).toEqual([
      [2, "$transaction"],
      [3, "$executeRawUnsafe"],
      [4, "[computed member]"],
      [5, "client"],
      [6, "client"],
    ]);
  });

  it("lets shop-scoped queries, sessions and types through", () => {
    const clean = [
      'import db, { type Database } from "../db.server";',
      'import { shopData } from "./shop-scope.server";',
      "const scoped = (client: Database) => client;",
      "await shopData(shop).bundle.findMany();",
      "await db.session.deleteMany({ where: { shop } });",
      "await db.$disconnect();",
      "const other = { db: 1, bundle: 2 }; other.db;",
    ].join("\n");
    expect(check(clean)).toEqual([]);
  });
});

// Raw SQL passes through `shopData(shop)` unscoped, whatever client runs it: each function of app/ that
// runs raw SQL is listed here with how it keeps to its shop, and a new one fails until reviewed.
const RAW_SQL: Array<{ file: string; fn: string; reason: string }> = [
  {
    file: "app/services/order-ingestion.server.ts",
    fn: "lockOrders",
    reason: 'locks and reads orders WHERE "shop" = the transaction\'s shop (bound)',
  },
  {
    file: "app/services/sql.server.ts",
    fn: "insertRows",
    reason: "inserts rows its callers build with their shop (addToCounters adds it to every row)",
  },
  {
    file: "app/services/webhook-inbox.server.ts",
    fn: "insertNew",
    reason: "inserts delivery rows, each carrying its delivery's shop",
  },
  {
    file: "app/services/reports.server.ts",
    fn: "dailySumsIn",
    reason: 'sums daily rollups WHERE "shop" = the report\'s shop (bound first)',
  },
  {
    file: "app/services/reports.server.ts",
    fn: "customerRollupSums",
    reason: 'sums customer rollups WHERE "shop" = the shop of a row read through the scoped client',
  },
  {
    file: "app/services/offer-totals.server.ts",
    fn: "moveFrontier",
    reason: 'locks, copies and moves the frontier and week totals WHERE "shop" = the caller\'s shop (bound)',
  },
  {
    file: "app/services/offer-totals.server.ts",
    fn: "readPages",
    reason:
      "offerPagesIn's read: every part of its sums and its title joins WHERE \"shop\" = the report's shop (bound)",
  },
  {
    file: "app/services/offer-totals.server.ts",
    fn: "offerSumsIn",
    reason: 'every part of its union reads WHERE "shop" = the report\'s shop (bound)',
  },
];

const RAW_SQL_MEMBER = /^\$(query|execute)Raw(Unsafe)?$/;
/** app/services/sql.server.ts: a statement run on the connection beside Prisma. */
const RAW_SQL_BESIDE_PRISMA = "queryBeside";

/** Functions (by name; "(top level)" outside any) that call raw SQL on any client, with their lines. */
export function rawSqlSites(file: string, source: string): Array<{ file: string; fn: string; line: number }> {
  const sourceFile = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const sites: Array<{ file: string; fn: string; line: number }> = [];
  const functionName = (node: ts.Node): string => {
    for (let at: ts.Node | undefined = node.parent; at; at = at.parent) {
      if ((ts.isFunctionDeclaration(at) || ts.isMethodDeclaration(at)) && at.name) return at.name.getText(sourceFile);
      if ((ts.isArrowFunction(at) || ts.isFunctionExpression(at)) && ts.isVariableDeclaration(at.parent)) {
        return at.parent.name.getText(sourceFile);
      }
    }
    return "(top level)";
  };
  const visit = (node: ts.Node) => {
    const called =
      (ts.isCallExpression(node) && node.expression) || (ts.isTaggedTemplateExpression(node) && node.tag) || null;
    const raw =
      called &&
      ((ts.isPropertyAccessExpression(called) && RAW_SQL_MEMBER.test(called.name.text)) ||
        (ts.isIdentifier(called) && called.text === RAW_SQL_BESIDE_PRISMA));
    if (raw) {
      const { line } = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile));
      sites.push({ file, fn: functionName(node), line: line + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return sites;
}

describe("raw SQL in app/", () => {
  const files = appSourceFiles();
  const sites = files.flatMap((file) => rawSqlSites(file, fs.readFileSync(path.join(projectRoot, file), "utf8")));
  const reviewed = (site: { file: string; fn: string }) =>
    RAW_SQL.some((entry) => entry.file === site.file && entry.fn === site.fn);

  it("runs only in functions reviewed for keeping to their shop", () => {
    expect(sites.filter((site) => !reviewed(site)).map((s) => `${s.file}:${s.line} in ${s.fn}`)).toEqual([]);
    expect(RAW_SQL.filter((entry) => !sites.some((s) => s.file === entry.file && s.fn === entry.fn))).toEqual([]);
  });

  it("is found on any client, in calls and tagged templates, inside arrow functions, and beside Prisma", () => {
    const planted = [
      "async function sweep(tx: Tx) {",
      '  await tx.$executeRawUnsafe("DELETE FROM \\"Bundle\\"");',
      "}",
      'const count = (scoped: ShopData) => scoped.$queryRaw`SELECT COUNT(*) FROM "OrderFact"`;',
      "await other.$executeRaw`UPDATE x`;",
      'await queryBeside("DELETE FROM \\"OrderFact\\"", []);',
    ].join("\n");
    expect(rawSqlSites("app/services/planted.server.ts", planted).map((s) => [s.fn, s.line])).toEqual([
      ["sweep", 2],
      ["count", 4],
      ["(top level)", 5],
      ["(top level)", 6],
    ]);
  });
});
