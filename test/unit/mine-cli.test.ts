import { execFile } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseCommand, UsageError } from "../../scripts/mine";

const root = path.resolve(import.meta.dirname, "../..");
const fixture = (name: string) => `test/fixtures/mining/${name}`;

/** Runs `npm run mine -- …` (the same tsx script) and returns its exit code and output. */
function mine(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", "scripts/mine.ts", ...args],
      { cwd: root },
      (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === "number" ? error.code : -1) : 0, stdout, stderr }),
    );
  });
}

const csv = (...rows: string[]) => rows.map((row) => `${row}\r\n`).join("");
const HEADER = "antecedent,consequent,support,confidence,lift,count";

describe("npm run mine: order lines CSV (order_id, product)", () => {
  // orders.csv: 1001 {Mug, large; Tea}, 1002 {Say "hi" card; Tea}, 1003 {Tea; Mug, large}, 1004 {Mug, large}
  // (columns in another order, an extra column, quoted commas and quotes, a product twice in one order).
  it("prints every rule as RFC 4180 CSV, quoting where needed", async () => {
    const result = await mine("--input", fixture("orders.csv"), "--min-support", "0.25");
    expect(result).toEqual({
      code: 0,
      stderr: "",
      stdout: csv(
        HEADER,
        `"Say ""hi"" card",Tea,0.25,1,1.333333,1`,
        `Tea,"Say ""hi"" card",0.25,0.333333,1.333333,1`,
        `"Mug, large",Tea,0.5,0.666667,0.888889,2`,
        `Tea,"Mug, large",0.5,0.666667,0.888889,2`,
      ),
    });
  });

  it("keeps a pair in exactly ceil(min support × orders) orders: 2 of 4 at 0.5", async () => {
    const result = await mine("--input", fixture("orders.csv"), "--min-support", "0.5");
    expect(result.stdout).toBe(
      csv(HEADER, `"Mug, large",Tea,0.5,0.666667,0.888889,2`, `Tea,"Mug, large",0.5,0.666667,0.888889,2`),
    );
    expect((await mine("--input", fixture("orders.csv"), "--min-support", "0.51")).stdout).toBe(csv(HEADER));
  });

  it("sorts by confidence, drops rules under --min-confidence, and keeps the best N per antecedent with --top", async () => {
    const args = ["--input", fixture("orders.csv"), "--min-support", "0.25"];
    const byConfidence = await mine(...args, "--sort", "confidence", "--min-confidence", "0.5");
    expect(byConfidence.stdout).toBe(
      csv(
        HEADER,
        `"Say ""hi"" card",Tea,0.25,1,1.333333,1`,
        `"Mug, large",Tea,0.5,0.666667,0.888889,2`,
        `Tea,"Mug, large",0.5,0.666667,0.888889,2`,
      ),
    );
    const top = await mine(...args, "--top", "1");
    expect(top.stdout).toBe(
      csv(
        HEADER,
        `"Say ""hi"" card",Tea,0.25,1,1.333333,1`,
        `Tea,"Say ""hi"" card",0.25,0.333333,1.333333,1`,
        `"Mug, large",Tea,0.5,0.666667,0.888889,2`,
      ),
    );
  });

  it("reads a byte order mark and CRLF line ends", async () => {
    const result = await mine("--input", fixture("bom-crlf.csv"), "--min-support", "0.5");
    expect(result).toEqual({ code: 0, stderr: "", stdout: csv(HEADER, "Mug,Tea,0.5,1,1,1", "Tea,Mug,0.5,0.5,1,1") });
  });
});

describe("npm run mine: Shopify's Export orders CSV", () => {
  // #1001 {Classic Tee - M; Canvas Tote, Natural; Enamel Pin ×2}, #1002 {Classic Tee - M ×2; Canvas Tote,
  // Natural} (with a note over two lines), #1003 {Enamel Pin}, #1004 {Classic Tee - M; Enamel Pin}.
  it("takes Name as the order and Lineitem name as the product", async () => {
    const result = await mine("--input", fixture("shopify-orders-export.csv"), "--min-support", "0.5");
    expect(result).toEqual({
      code: 0,
      stderr: "",
      stdout: csv(
        HEADER,
        `"Canvas Tote, Natural",Classic Tee - M,0.5,1,1.333333,2`,
        `Classic Tee - M,"Canvas Tote, Natural",0.5,0.666667,1.333333,2`,
        "Classic Tee - M,Enamel Pin,0.5,0.666667,0.888889,2",
        "Enamel Pin,Classic Tee - M,0.5,0.666667,0.888889,2",
      ),
    });
  });

  it("adds two-product antecedents with --max-size 3, written A|B in byte order", async () => {
    const result = await mine(
      "--input",
      fixture("shopify-orders-export.csv"),
      "--min-support",
      "0.25",
      "--max-size",
      "3",
    );
    expect(result.stdout).toBe(
      csv(
        HEADER,
        `"Canvas Tote, Natural",Classic Tee - M,0.5,1,1.333333,2`,
        `Classic Tee - M,"Canvas Tote, Natural",0.5,0.666667,1.333333,2`,
        `"Canvas Tote, Natural|Enamel Pin",Classic Tee - M,0.25,1,1.333333,1`,
        `Classic Tee - M|Enamel Pin,"Canvas Tote, Natural",0.25,0.5,1,1`,
        "Classic Tee - M,Enamel Pin,0.5,0.666667,0.888889,2",
        "Enamel Pin,Classic Tee - M,0.5,0.666667,0.888889,2",
        `"Canvas Tote, Natural",Enamel Pin,0.25,0.5,0.666667,1`,
        `"Canvas Tote, Natural|Classic Tee - M",Enamel Pin,0.25,0.5,0.666667,1`,
        `Enamel Pin,"Canvas Tote, Natural",0.25,0.333333,0.666667,1`,
      ),
    );
  });
});

describe("npm run mine: malformed input exits 1 with the file, the line and the reason", () => {
  const cases: Array<[file: string, message: string]> = [
    ["empty.csv", "empty.csv: empty file: expected a header and order lines"],
    [
      "missing-columns.csv",
      `missing-columns.csv:1: missing columns "order_id" and "product": the header must have order_id and product, ` +
        "or be Shopify's Export orders header (Name, Lineitem name)",
    ],
    [
      "shopify-missing-lineitem-name.csv",
      `shopify-missing-lineitem-name.csv:1: missing column "Lineitem name": the header must have order_id and ` +
        "product, or be Shopify's Export orders header (Name, Lineitem name)",
    ],
    ["not-utf8.csv", "not-utf8.csv:3: unreadable encoding: not UTF-8"],
    ["blank-product.csv", `blank-product.csv:3: empty "product" (every line needs an order and a product)`],
    [
      "unclosed-quote.csv",
      "unclosed-quote.csv:4: not valid CSV: Quote Not Closed: the parsing is finished with an opening quote at line 4",
    ],
    ["no-such-file.csv", "no-such-file.csv: cannot read the file (ENOENT)"],
  ];
  it.each(cases)("%s", async (file, message) => {
    expect(await mine("--input", fixture(file))).toEqual({
      code: 1,
      stdout: "",
      stderr: `mine: test/fixtures/mining/${message}\n`,
    });
  });
});

describe("npm run mine: bad usage", () => {
  it("exits 2 with the reason and the usage", async () => {
    const result = await mine("--input", fixture("orders.csv"), "--min-support", "1.5");
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(
      /^mine: --min-support must be a number greater than 0 and at most 1, got "1.5"\nusage: /,
    );
  });

  const rejects = (args: string[], message: string) => {
    expect(() => parseCommand(args)).toThrow(UsageError);
    expect(() => parseCommand(args)).toThrow(message);
  };
  const input = ["--input", "orders.csv"];

  it("names the option and what it must be", () => {
    rejects([], "--input <file.csv> is required");
    rejects(
      [...input, "--min-support", "abc"],
      `--min-support must be a number greater than 0 and at most 1, got "abc"`,
    );
    rejects([...input, "--min-support", "0"], "--min-support must be a number greater than 0 and at most 1");
    rejects([...input, "--min-confidence=-0.1"], `--min-confidence must be a number from 0 to 1, got "-0.1"`);
    rejects([...input, "--min-confidence", "1.01"], `--min-confidence must be a number from 0 to 1, got "1.01"`);
    rejects([...input, "--max-size", "4"], `--max-size must be 2 or 3, got "4"`);
    rejects([...input, "--sort", "count"], `--sort must be one of lift, confidence, support, got "count"`);
    rejects([...input, "--top", "1.5"], `--top must be a whole number of at least 1, got "1.5"`);
    rejects([...input, "--minsupport", "0.1"], "Unknown option '--minsupport'");
    rejects([...input, "extra.csv"], "extra.csv");
  });

  it("reads the options, with the documented defaults", () => {
    expect(parseCommand(input)).toEqual({
      input: "orders.csv",
      minSupport: 0.001,
      minConfidence: 0.05,
      maxSize: 2,
      sort: "lift",
      top: undefined,
    });
    expect(
      parseCommand([
        ...input,
        "--min-support",
        "0.01",
        "--min-confidence",
        "0",
        "--max-size",
        "3",
        "--sort",
        "support",
        "--top",
        "5",
      ]),
    ).toEqual({ input: "orders.csv", minSupport: 0.01, minConfidence: 0, maxSize: 3, sort: "support", top: 5 });
  });
});
