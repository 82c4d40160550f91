// npm run mine -- --input <file.csv> [--min-support 0.001] [--min-confidence 0.05] [--max-size 2|3]
//                 [--sort lift|confidence|support] [--top N]
//
// Co-purchase rules from an order export (semantics: app/domain/co-purchase.ts, those of R's arules
// apriori). The input is RFC 4180 CSV in UTF-8 (a byte order mark is allowed), one row per order line:
// - a header with `order_id` and `product` (any order, other columns ignored), or
// - Shopify's "Export orders" CSV (its `Name` and `Lineitem …` columns): `Name` (#1001) is the order and
//   `Lineitem name` the product (quantities are ignored: an order is a set of products).
// Every order in the file counts; filter the export first to leave cancelled or test orders out.
// Prints RFC 4180 CSV (CRLF line ends, fields quoted where needed) to stdout:
//   antecedent,consequent,support,confidence,lift,count
// A two-product antecedent is written "A|B", A before B in byte order. support, confidence and lift are
// rounded to 6 decimal places (trailing zeros dropped); count is exact, so support = count / orders can be
// recomputed exactly.
// Exit status: 0 done, 1 unreadable or malformed input ("file:line: reason" on stderr), 2 bad usage.
// npm prints its own banner on stdout: `npm run --silent mine -- … > rules.csv` keeps the file pure CSV.
import { isUtf8 } from "node:buffer";
import fs from "node:fs";
import { Transform, Writable, type TransformCallback } from "node:stream";
import { pipeline } from "node:stream/promises";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { CsvError, parse } from "csv-parse";
import { stringify } from "csv-stringify/sync";
import {
  mineRules,
  RULE_SORTS,
  TransactionsBuilder,
  type CoPurchaseRule,
  type MiningOptions,
  type RuleSort,
  type Transactions,
} from "../app/domain/co-purchase";

const USAGE = `usage: npm run mine -- --input <file.csv> [--min-support 0.001] [--min-confidence 0.05]
                     [--max-size 2|3] [--sort lift|confidence|support] [--top N]`;

/** Bad command line: exit 2. */
export class UsageError extends Error {}

/** Unreadable or malformed input: exit 1. */
export class InputError extends Error {
  constructor(file: string, line: number | null, reason: string) {
    super(`${file}${line === null ? "" : `:${line}`}: ${reason}`);
  }
}

export interface MineCommand extends MiningOptions {
  input: string;
}

export function parseCommand(args: string[]): MineCommand {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        input: { type: "string" },
        "min-support": { type: "string", default: "0.001" },
        "min-confidence": { type: "string", default: "0.05" },
        "max-size": { type: "string", default: "2" },
        sort: { type: "string", default: "lift" },
        top: { type: "string" },
      },
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.input === undefined || values.input === "") throw new UsageError("--input <file.csv> is required");
  const fraction = (name: string, text: string, { zeroAllowed }: { zeroAllowed: boolean }) => {
    const value = /^\s*$/.test(text) ? NaN : Number(text);
    if (!(value >= 0 && value <= 1) || (!zeroAllowed && value === 0)) {
      const range = zeroAllowed ? "from 0 to 1" : "greater than 0 and at most 1";
      throw new UsageError(`--${name} must be a number ${range}, got ${JSON.stringify(text)}`);
    }
    return value;
  };
  const maxSize = values["max-size"];
  if (maxSize !== "2" && maxSize !== "3")
    throw new UsageError(`--max-size must be 2 or 3, got ${JSON.stringify(maxSize)}`);
  const sort = values.sort;
  if (!(RULE_SORTS as readonly string[]).includes(sort)) {
    throw new UsageError(`--sort must be one of ${RULE_SORTS.join(", ")}, got ${JSON.stringify(sort)}`);
  }
  if (values.top !== undefined && !/^[1-9]\d*$/.test(values.top)) {
    throw new UsageError(`--top must be a whole number of at least 1, got ${JSON.stringify(values.top)}`);
  }
  return {
    input: values.input,
    minSupport: fraction("min-support", values["min-support"], { zeroAllowed: false }),
    minConfidence: fraction("min-confidence", values["min-confidence"], { zeroAllowed: true }),
    maxSize: maxSize === "3" ? 3 : 2,
    sort: sort as RuleSort,
    top: values.top === undefined ? undefined : Number(values.top),
  };
}

/** The columns naming the order and the product, per accepted format. */
const FORMATS = [
  { name: "order lines", order: "order_id", product: "product" },
  { name: "Shopify's Export orders", order: "Name", product: "Lineitem name" },
] as const;

/** Where the order and the product are, or why the header will not do. */
function columnsOf(header: readonly string[]) {
  const names = header.map((name) => name.trim().toLowerCase());
  const find = (column: string) => names.indexOf(column.toLowerCase());
  const [generic, shopify] = FORMATS;
  // A header without the generic columns but with Shopify's "Name" or "Lineitem …" columns is taken for
  // Shopify's export, so a missing column is named in the format the file is in.
  const shopifyLike = names.some((name) => name === "name" || name.startsWith("lineitem "));
  const format = find(generic.order) < 0 && find(generic.product) < 0 && shopifyLike ? shopify : generic;
  const missing = [format.order, format.product].filter((column) => find(column) < 0);
  if (missing.length > 0) {
    throw new RecordProblem(
      0,
      `missing column${missing.length > 1 ? "s" : ""} ${missing.map((c) => `"${c}"`).join(" and ")}: the header ` +
        `must have order_id and product, or be Shopify's Export orders header (Name, Lineitem name)`,
    );
  }
  return { order: find(format.order), product: find(format.product), format };
}

/**
 * Passes bytes through only once they are known to be UTF-8, a line at a time ("\n" never occurs inside
 * a multi-byte character), so an invalid byte is reported with its line.
 */
class Utf8Lines extends Transform {
  private pending: Buffer = Buffer.alloc(0);
  private line = 1;

  constructor(private readonly file: string) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback) {
    const data = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
    const end = data.lastIndexOf(0x0a) + 1;
    this.pending = data.subarray(end);
    if (end === 0) return done();
    this.pass(data.subarray(0, end), done);
  }

  override _flush(done: TransformCallback) {
    if (this.pending.length === 0) return done();
    this.pass(this.pending, done);
  }

  private pass(lines: Buffer, done: TransformCallback) {
    let start = 0;
    const valid = isUtf8(lines);
    while (start < lines.length) {
      const end = lines.indexOf(0x0a, start) + 1 || lines.length;
      if (!valid && !isUtf8(lines.subarray(start, end))) {
        return done(new InputError(this.file, this.line, "unreadable encoding: not UTF-8"));
      }
      this.line++;
      start = end;
    }
    done(null, lines);
  }
}

/** A problem with the record at `index` (0 is the header); its line is looked up only when reported. */
class RecordProblem extends Error {
  constructor(
    readonly index: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}

const csvOptions = { bom: true, skip_empty_lines: true } as const;

/**
 * The line a record ends on. Asking csv-parse for every record's line (its `info`) makes reading several
 * times slower, so the file is read again, up to that record, only to report a problem.
 */
async function lineOfRecord(file: string, index: number): Promise<number> {
  let line = 0;
  const records = fs.createReadStream(file).pipe(parse({ ...csvOptions, info: true, to: index + 1 }));
  for await (const { info } of records) line = info.lines;
  return line;
}

/** Reads the order lines of a CSV file into Transactions, or throws InputError. */
export async function readTransactions(file: string): Promise<Transactions> {
  const builder = new TransactionsBuilder();
  let columns: ReturnType<typeof columnsOf> | undefined;
  let index = 0;
  const addLine = (record: string[]) => {
    if (columns === undefined) {
      columns = columnsOf(record);
      return;
    }
    const order = record[columns.order]!;
    const product = record[columns.product]!;
    const blank = [columns.format.order, columns.format.product].find((_, i) => [order, product][i]!.trim() === "");
    if (blank) throw new RecordProblem(index, `empty "${blank}" (every line needs an order and a product)`);
    builder.add(order, product);
  };
  try {
    const lines = new Writable({
      objectMode: true,
      write(record: string[], _encoding, done) {
        try {
          addLine(record);
          index++;
          done();
        } catch (error) {
          done(error as Error);
        }
      },
    });
    await pipeline(fs.createReadStream(file), new Utf8Lines(file), parse(csvOptions), lines);
  } catch (error) {
    if (error instanceof InputError) throw error;
    if (error instanceof RecordProblem) throw new InputError(file, await lineOfRecord(file, error.index), error.reason);
    if (error instanceof CsvError) {
      const line = (error as CsvError & { lines?: number }).lines;
      throw new InputError(file, typeof line === "number" ? line : null, `not valid CSV: ${error.message}`);
    }
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "EACCES" || code === "EISDIR") {
      throw new InputError(file, null, `cannot read the file (${code})`);
    }
    throw error;
  }
  if (columns === undefined) throw new InputError(file, null, "empty file: expected a header and order lines");
  return builder.build();
}

const decimal = (value: number) => String(Number(value.toFixed(6)));

/** The rules as RFC 4180 CSV with a header row. */
export function rulesCsv(rules: readonly CoPurchaseRule[]): string {
  return stringify(
    rules.map((rule) => [
      rule.antecedent.join("|"),
      rule.consequent,
      decimal(rule.support),
      decimal(rule.confidence),
      decimal(rule.lift),
      String(rule.count),
    ]),
    {
      header: true,
      columns: ["antecedent", "consequent", "support", "confidence", "lift", "count"],
      record_delimiter: "windows",
    },
  );
}

export async function mine(command: MineCommand, out: NodeJS.WritableStream): Promise<void> {
  const transactions = await readTransactions(command.input);
  out.write(rulesCsv(mineRules(transactions, command)));
}

async function main() {
  try {
    await mine(parseCommand(process.argv.slice(2)), process.stdout);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`mine: ${error.message}\n${USAGE}`);
      process.exitCode = 2;
    } else if (error instanceof InputError) {
      console.error(`mine: ${error.message}`);
      process.exitCode = 1;
    } else {
      throw error;
    }
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await main();
