// The "function" section of `npm run bench` — sizes and Node.js run time of the bundle discount Function for carts of 1, 50
// and 200 lines (every product in 5 bundles), plus 400 and 800 lines to show the growth (Shopify
// scales its limits past 200 lines). Not a timed test: it prints figures. `npm run bench -- --write-inputs DIR` also writes each cart as a
// Shopify fixture, for `shopify app function run --input DIR/cart-200.json` (which reports the
// Wasm instruction count against the 11,000,000 budget).
import fs from "node:fs";
import path from "node:path";
import { explainRun } from "../extensions/bundle-discount/src/cart_lines_discounts_generate_run";
import { inputLimitFor, measure, outputLimitFor, scenarioInput, type Measurement } from "./bundle-discount.bench";

const RUNS = 51;
const LIMITED = [1, 50, 200];
const GROWTH = [400, 800];

const pct = (value: number, limit: number) => `${((value / limit) * 100).toFixed(1)}%`;
const num = (value: number) => value.toLocaleString("en-US");

function row(m: Measurement): string[] {
  const input = inputLimitFor(m.lines);
  const output = outputLimitFor(m.lines);
  return [
    String(m.lines),
    `${num(m.inputBytes)} / ${num(input)} (${pct(m.inputBytes, input)})`,
    `${num(m.outputBytes)} / ${num(output)} (${pct(m.outputBytes, output)})`,
    `${m.candidates}${m.merged > 0 ? ` (${m.merged} merged)` : ""}${m.dropped > 0 ? `, ${m.dropped} dropped` : ""}`,
    m.saving,
    m.medianMs.toFixed(3),
    num(Math.round(m.inputBytes / m.lines)),
    ((m.medianMs * 1000) / m.lines).toFixed(1),
  ];
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padStart(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

const writeDir = (() => {
  const i = process.argv.indexOf("--write-inputs");
  return i === -1 ? null : (process.argv[i + 1] ?? null);
})();

console.log(`Attach bundle discount — Function benchmark (Node ${process.version}, median of ${RUNS} runs)`);
console.log("Every cart line is a different product; every product is in 5 bundles.\n");
const results = [...LIMITED, ...GROWTH].map((lines) => measure(lines, RUNS));
console.log(
  table(
    [
      "lines",
      "input bytes / limit",
      "output bytes / limit",
      "candidates",
      "saving",
      "median ms",
      "input B/line",
      "µs/line",
    ],
    results.map(row),
  ),
);

// Linear growth: least-squares fit of time and input size against lines (R² near 1 = linear).
function fit(xs: number[], ys: number[]) {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  const sxy = xs.reduce((s, x, i) => s + (x - mx) * (ys[i]! - my), 0);
  const sxx = xs.reduce((s, x) => s + (x - mx) ** 2, 0);
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  const ssTot = ys.reduce((s, y) => s + (y - my) ** 2, 0);
  const ssRes = ys.reduce((s, y, i) => s + (y - (intercept + slope * xs[i]!)) ** 2, 0);
  return { slope, r2: 1 - ssRes / ssTot };
}
const xs = results.map((r) => r.lines);
const time = fit(
  xs,
  results.map((r) => r.medianMs),
);
const size = fit(
  xs,
  results.map((r) => r.inputBytes),
);
console.log(
  `\nLinear fit over ${xs.join(", ")} lines: time ${(time.slope * 1000).toFixed(1)} µs/line (R² ${time.r2.toFixed(4)}), ` +
    `input ${size.slope.toFixed(0)} bytes/line (R² ${size.r2.toFixed(4)}).`,
);
console.log(
  "Limits: 128,000 input and 20,000 output bytes up to 200 lines, scaled by lines / 200 above that (the\n" +
    "schema's @scaleLimits(rate: 0.005) on Cart.lines). Node.js times are not Wasm instruction counts (budget\n" +
    "11,000,000): run the fixtures written by --write-inputs through `shopify app function run` for those.",
);

if (writeDir) {
  fs.mkdirSync(writeDir, { recursive: true });
  for (const lines of [...LIMITED, ...GROWTH]) {
    const input = scenarioInput(lines);
    const output = explainRun(JSON.parse(JSON.stringify(input))).result;
    const fixture = {
      payload: {
        export: "cart-lines-discounts-generate-run",
        target: "cart.lines.discounts.generate.run",
        input,
        output,
      },
    };
    const file = path.join(writeDir, `cart-${lines}.json`);
    fs.writeFileSync(file, `${JSON.stringify(fixture, null, 2)}\n`);
    console.log(`wrote ${file}`);
  }
}
