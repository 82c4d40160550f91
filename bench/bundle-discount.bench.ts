// Scenarios and measurements for the bundle discount Function benchmark (run with `npm run bench`).
// Each cart line is a different product; every product is in 5 bundles (two families of bundles
// chained over consecutive products: {i, i+1} and {i, i+2, i+4}, 2 + 3 = 5 memberships each), with
// the metafields built by the app's own encoder. Ids have realistic lengths (13-digit product ids,
// 25-character bundle ids, UUID cart line ids), so the byte counts are what Shopify would send.
import { performance } from "node:perf_hooks";
import { utf8ByteLength } from "../app/domain/offer-metafields-core";
import {
  explainRun,
  LINES_PER_LIMIT,
  OUTPUT_LIMIT_BYTES,
  outputLimitFor,
} from "../extensions/bundle-discount/src/cart_lines_discounts_generate_run";
import { cartInput, type BundleSpec, type CartSpec } from "../extensions/bundle-discount/tests/support/carts";

export const INPUT_LIMIT_BYTES = 128_000;
export { OUTPUT_LIMIT_BYTES, outputLimitFor };

/** The input limit for a cart of `lines` lines: 128,000 bytes, scaled like the output past 200 lines. */
export function inputLimitFor(lines: number): number {
  return Math.floor((INPUT_LIMIT_BYTES * Math.max(LINES_PER_LIMIT, lines)) / LINES_PER_LIMIT);
}

const PRODUCT_BASE = 8_000_000_000_000;
const productNumber = (i: number) => PRODUCT_BASE + i;
const gid = (i: number) => `gid://shopify/Product/${productNumber(i)}`;
const bundleId = (family: string, i: number) => `clx${family}${String(i).padStart(21, "0")}`;

const KINDS = [
  { kind: "percentage", value: 10 },
  { kind: "fixed_amount_off", value: 500 },
  { kind: "fixed_price", value: 4000 },
] as const;

export function scenario(lineCount: number): CartSpec {
  const bundles: BundleSpec[] = [];
  // Every bundle that touches a product in the cart (products outside it are listed too, as on a real shop).
  for (let i = -4; i < lineCount; i++) {
    const pair = [i, i + 1];
    const triple = [i, i + 2, i + 4];
    for (const [family, members] of [
      ["a", pair],
      ["b", triple],
    ] as const) {
      const terms = KINDS[(((i + (family === "a" ? 0 : 1)) % 3) + 3) % 3]!;
      bundles.push({
        id: bundleId(family, i + 4),
        title: `${family === "a" ? "Starter" : "Complete"} Kit ${i + 5}`,
        parts: members.map((m) => ({ productId: gid(m), variantId: null, quantity: 1 })),
        discount: { kind: terms.kind, value: terms.value },
      });
    }
  }
  return {
    lines: Array.from({ length: lineCount }, (_, i) => ({
      id: `gid://shopify/CartLine/${i}`,
      product: productNumber(i),
      variant: 40_000_000_000_000 + i,
      quantity: 1 + (i % 3),
      price: `${20 + (i % 7) * 5}.99`,
    })),
    bundles: bundles.filter((b) => b.parts.some((p) => Number(p.productId.split("/").pop()) >= PRODUCT_BASE)),
    excludedCustomer: false,
    config: { v: 1, paused: false },
  };
}

export interface Measurement {
  lines: number;
  inputBytes: number;
  outputBytes: number;
  candidates: number;
  /** Bundles merged into one candidate to fit the output limit. */
  merged: number;
  dropped: number;
  saving: string;
  groups: string;
  medianMs: number;
}

/** The Function input for a scenario, as Shopify would send it. */
export function scenarioInput(lineCount: number) {
  return cartInput(scenario(lineCount));
}

export function measure(lineCount: number, runs: number): Measurement {
  const input = scenarioInput(lineCount);
  const inputBytes = utf8ByteLength(JSON.stringify(input));
  // Shopify hands the Function parsed JSON; parse here too so each run starts from fresh objects.
  const text = JSON.stringify(input);
  let last = explainRun(JSON.parse(text));
  for (let i = 0; i < 5; i++) explainRun(JSON.parse(text)); // warm up
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const fresh = JSON.parse(text);
    const start = performance.now();
    last = explainRun(fresh);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const candidates = last.result.operations.flatMap((op) =>
    "productDiscountsAdd" in op ? op.productDiscountsAdd.candidates : [],
  );
  const groups = last.plan?.groups ?? [];
  return {
    lines: lineCount,
    inputBytes,
    outputBytes: utf8ByteLength(JSON.stringify(last.result)),
    candidates: candidates.length,
    merged: last.merged,
    dropped: last.dropped.length,
    saving: (
      candidates.reduce(
        (sum, c) => sum + Math.round(Number("fixedAmount" in c.value ? c.value.fixedAmount.amount : 0) * 100),
        0,
      ) / 100
    ).toFixed(2),
    groups: `${groups.length} (${groups.filter((g) => g.method === "exact").length} exact, largest ${Math.max(0, ...groups.map((g) => g.offers))} offers)`,
    medianMs: times[Math.floor(times.length / 2)]!,
  };
}
