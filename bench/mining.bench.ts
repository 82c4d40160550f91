// Co-purchase mining at scale: synthetic orders over 20,000 products (long-tailed: product k is bought in
// proportion to 1 / k; 1 + geometric lines per order, 3 on average; 100 planted pairs bought together in
// 20% of orders), from a fixed seed. Each case runs in its own process, so its peak memory (the process's
// maximum resident set, synthetic input included) is its own.
//
//   tsx bench/mining.bench.ts        every case, then a table and the growth from 100,000 to 1,000,000 orders
//
// Cases: pairs at the CLI's defaults (min support 0.001, min confidence 0.05); pairs with every co-occurring
// pair counted (min count 1, what the database keeps); two-product antecedents (max size 3) at 100,000
// orders; and the whole command line (`npm run mine`: read the CSV, mine, write the rules) on a file.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { Writable } from "node:stream";
import { fileURLToPath, pathToFileURL } from "node:url";
import {
  countCoPurchases,
  minimumCount,
  rulesFromCounts,
  TransactionsBuilder,
  type MiningOptions,
} from "../app/domain/co-purchase";
import { mine } from "../scripts/mine";

const PRODUCTS = 20_000;
const PLANTED_PAIRS = 100;
const PLANTED_SHARE = 0.2;
const DEFAULTS = { minSupport: 0.001, minConfidence: 0.05 };
const EVERY_PAIR = { minSupport: 1e-9, minConfidence: 0.05 };
const SEED = 20_251_126;

/** mulberry32: a small deterministic generator, so every run mines the same orders. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const productName = (index: number) => `Product ${index + 1}`;
const orderName = (index: number) => `#${100_001 + index}`;

/** The synthetic orders as product indexes: order i is products[offsets[i]] … products[offsets[i + 1] - 1]. */
function syntheticOrders(orders: number) {
  const next = random(SEED);
  const cumulative = new Float64Array(PRODUCTS);
  for (let k = 0, sum = 0; k < PRODUCTS; k++) cumulative[k] = sum += 1 / (k + 1);
  const total = cumulative[PRODUCTS - 1]!;
  const pick = () => {
    const target = next() * total;
    let low = 0;
    let high = PRODUCTS - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (cumulative[middle]! < target) low = middle + 1;
      else high = middle;
    }
    return low;
  };
  const planted = Array.from({ length: PLANTED_PAIRS }, () => [100 + Math.floor(next() * 5000), pick()] as const);
  const offsets = new Int32Array(orders + 1);
  const products: number[] = [];
  for (let order = 0; order < orders; order++) {
    // 1 + geometric(1/3) lines: 3 on average, a long tail of big orders.
    const lines = 1 + Math.floor(Math.log(1 - next()) / Math.log(2 / 3));
    let written = 0;
    if (lines >= 2 && next() < PLANTED_SHARE) {
      const [a, b] = planted[Math.floor(next() * PLANTED_PAIRS)]!;
      products.push(a, b);
      written = 2;
    }
    for (; written < lines; written++) products.push(pick());
    offsets[order + 1] = products.length;
  }
  return { offsets, products: Int32Array.from(products) };
}

const peakMegabytes = () => Math.round(process.resourceUsage().maxRSS / 1024);
const seconds = (since: number) => Math.round((performance.now() - since) / 10) / 100;

interface CaseResult {
  case: string;
  orders: number;
  lines: number;
  pairsCounted: number | null;
  rules: number;
  seconds: number;
  /** read + build / count / rules */
  phases: string;
  peakMB: number;
}

/** Mines in memory: order lines (strings, as a reader gives them) → transactions → counts → rules. */
function mineInMemory(name: string, orders: number, options: MiningOptions): CaseResult {
  const synthetic = syntheticOrders(orders);
  const names = Array.from({ length: PRODUCTS }, (_, i) => productName(i));
  const orderIds = Array.from({ length: orders }, (_, i) => orderName(i));

  const start = performance.now();
  const builder = new TransactionsBuilder();
  for (let order = 0; order < orders; order++) {
    for (let line = synthetic.offsets[order]!; line < synthetic.offsets[order + 1]!; line++) {
      builder.add(orderIds[order]!, names[synthetic.products[line]!]!);
    }
  }
  const transactions = builder.build();
  const built = performance.now();
  const counts = countCoPurchases(transactions, {
    maxSize: options.maxSize ?? 2,
    minCount: minimumCount(options.minSupport, orders),
  });
  const counted = performance.now();
  const rules = rulesFromCounts(counts, options);
  const done = performance.now();
  const phase = (from: number, to: number) => ((to - from) / 1000).toFixed(2);
  return {
    case: name,
    orders,
    lines: synthetic.products.length,
    pairsCounted: counts.pairOrders.size,
    rules: rules.length,
    seconds: seconds(start),
    phases: `${phase(start, built)} / ${phase(built, counted)} / ${phase(counted, done)}`,
    peakMB: peakMegabytes(),
  };
}

function writeCsv(orders: number, file: string) {
  const synthetic = syntheticOrders(orders);
  const out = fs.openSync(file, "w");
  let text = "order_id,product\n";
  for (let order = 0; order < orders; order++) {
    for (let line = synthetic.offsets[order]!; line < synthetic.offsets[order + 1]!; line++) {
      text += `${orderName(order)},${productName(synthetic.products[line]!)}\n`;
    }
    if (text.length > 1 << 20) {
      fs.writeSync(out, text);
      text = "";
    }
  }
  fs.writeSync(out, text);
  fs.closeSync(out);
  return synthetic.products.length;
}

async function mineCsv(file: string, orders: number, lines: number): Promise<CaseResult> {
  let records = 0;
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (let i = chunk.indexOf(0x0a); i !== -1; i = chunk.indexOf(0x0a, i + 1)) records++;
      done();
    },
  });
  const start = performance.now();
  await mine({ input: file, ...DEFAULTS }, sink);
  return {
    case: "npm run mine (CSV in, CSV out)",
    orders,
    lines,
    pairsCounted: null,
    rules: records - 1, // the header is not a rule
    seconds: seconds(start),
    phases: `${(fs.statSync(file).size / 1e6).toFixed(0)} MB file`,
    peakMB: peakMegabytes(),
  };
}

// --- one case per process ------------------------------------------------------------------------------------

const self = fileURLToPath(import.meta.url);
const run = (...args: string[]): CaseResult =>
  JSON.parse(
    execFileSync(process.execPath, ["--import", "tsx", self, ...args], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    }),
  );

async function child([kind, ...args]: string[]) {
  if (kind === "memory") {
    const [name, orders, maxSize, every] = args;
    const options = { ...(every === "every" ? EVERY_PAIR : DEFAULTS), maxSize: maxSize === "3" ? 3 : 2 } as const;
    return mineInMemory(name!, Number(orders), options);
  }
  if (kind === "write") return { lines: writeCsv(Number(args[1]), args[0]!) };
  if (kind === "cli") return mineCsv(args[0]!, Number(args[1]), Number(args[2]));
  throw new Error(`unknown case ${kind}`);
}

function parent() {
  const results: CaseResult[] = [];
  const memory = (name: string, orders: number, maxSize: 2 | 3, every = false) => {
    const result = run("memory", name, String(orders), String(maxSize), every ? "every" : "defaults");
    results.push(result);
    console.log(`  ${name}, ${orders.toLocaleString("en")} orders: ${result.seconds} s, ${result.peakMB} MB`);
    return result;
  };
  console.log("Mining (order lines → transactions → counts → rules), one process per case:");
  const pairs = [100_000, 1_000_000].map((n) => memory("pairs (min support 0.001)", n, 2));
  const every = [100_000, 1_000_000].map((n) => memory("pairs, every co-occurring pair counted", n, 2, true));
  memory("max size 3 (min support 0.001)", 100_000, 3);

  const directory = fs.mkdtempSync(path.join(os.tmpdir(), "attach-mining-"));
  const cli = [100_000, 1_000_000].map((n) => {
    const file = path.join(directory, `orders-${n}.csv`);
    const { lines } = run("write", file, String(n)) as unknown as { lines: number };
    const result = run("cli", file, String(n), String(lines));
    results.push(result);
    console.log(`  npm run mine, ${n.toLocaleString("en")} orders: ${result.seconds} s, ${result.peakMB} MB`);
    return result;
  });
  fs.rmSync(directory, { recursive: true, force: true });

  console.log("");
  const rows = [
    ["case", "orders", "lines", "pairs counted", "rules", "seconds", "build / count / rules (s)", "peak RSS (MB)"],
    ...results.map((r) => [
      r.case,
      r.orders.toLocaleString("en"),
      r.lines.toLocaleString("en"),
      r.pairsCounted?.toLocaleString("en") ?? "",
      r.rules.toLocaleString("en"),
      r.seconds.toFixed(2),
      r.phases,
      String(r.peakMB),
    ]),
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  for (const row of rows) {
    console.log(
      row
        .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
        .join("  "),
    );
  }
  const growth = ([small, large]: CaseResult[]) => (large!.seconds / small!.seconds).toFixed(1);
  console.log(
    `Growth from 100,000 to 1,000,000 orders (10 = linear): pairs ${growth(pairs)}×, every pair counted ` +
      `${growth(every)}×, npm run mine ${growth(cli)}×`,
  );
  const worst = [...pairs, ...cli].filter((r) => r.orders === 1_000_000);
  const ok = worst.every((r) => r.seconds < 30 && r.peakMB < 1024);
  console.log(`Target at 1,000,000 orders (pairs): under 30 s and 1 GB: ${ok ? "met" : "NOT MET"}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const args = process.argv.slice(2);
  if (args.length === 0) parent();
  else console.log(JSON.stringify(await child(args)));
}
