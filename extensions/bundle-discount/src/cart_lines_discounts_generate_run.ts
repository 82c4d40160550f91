// Attach bundle discount — Shopify Discount Function, target cart.lines.discounts.generate.run.
// Semantics: see ../README.md. The pure helpers it uses (money, bundle saving, metafield decoding)
// come from app/domain and import nothing else, so the Wasm bundle stays small.
import { formatDecimalAmount } from "../../../app/domain/money";
import { decodeDiscountConfig, utf8ByteLength } from "../../../app/domain/offer-metafields-core";
import type {
  CartLinesDiscountsGenerateRunInput,
  CartLinesDiscountsGenerateRunResult,
  ProductDiscountCandidate,
} from "../generated/api";
import { planOffers, type Plan, type Strategy } from "./allocate";
import { collectOffers, readCart, type Cart } from "./cart";

/** Shopify's output limit for a Function (bytes of the JSON result) for carts of up to 200 lines. */
export const OUTPUT_LIMIT_BYTES = 20_000;
/**
 * `@scaleLimits(rate: 0.005)` on `Cart.lines` in the schema: the limits are multiplied by
 * lines × 0.005 (= lines / 200) once that exceeds 1. Our reading of the directive; see README.
 */
export const LINES_PER_LIMIT = 200;

/** The output limit for a cart of `lines` lines (never below OUTPUT_LIMIT_BYTES). */
export function outputLimitFor(lines: number): number {
  return Math.floor((OUTPUT_LIMIT_BYTES * Math.max(LINES_PER_LIMIT, lines)) / LINES_PER_LIMIT);
}

const NO_DISCOUNTS: CartLinesDiscountsGenerateRunResult = { operations: [] };

export interface RunOptions {
  /** How to resolve competing offers; "auto" (default) is exact for small groups, greedy otherwise. */
  strategy?: Strategy;
  /** Output budget in bytes; defaults to outputLimitFor(number of cart lines). */
  outputLimit?: number;
}

export interface Explained {
  result: CartLinesDiscountsGenerateRunResult;
  /** Why nothing applies, when that is decided before looking at offers. */
  skipped: "no-product-class" | "paused" | "excluded-customer" | null;
  cart: Cart | null;
  plan: Plan | null;
  /** How many bundles/pairings were merged into one candidate to fit the output limit. */
  merged: number;
  /** Candidates left out to keep the output under the byte limit (last resort; smallest savings). */
  dropped: ProductDiscountCandidate[];
}

export function cartLinesDiscountsGenerateRun(
  input: CartLinesDiscountsGenerateRunInput,
): CartLinesDiscountsGenerateRunResult {
  return explainRun(input).result;
}

/** The Function's work with the reasoning kept, for tests and the benchmark. */
export function explainRun(input: CartLinesDiscountsGenerateRunInput, options: RunOptions = {}): Explained {
  const none = (skipped: Explained["skipped"]): Explained => ({
    result: NO_DISCOUNTS,
    skipped,
    cart: null,
    plan: null,
    merged: 0,
    dropped: [],
  });
  if (!input.discount.discountClasses.includes("PRODUCT")) return none("no-product-class");
  if (decodeDiscountConfig(input.discount.config?.jsonValue).paused) return none("paused");
  if (input.cart.buyerIdentity?.customer?.excluded) return none("excluded-customer");

  const cart = readCart(input);
  const offers = collectOffers(cart, { today: input.shop.localTime.date, rate: input.presentmentCurrencyRate });
  const plan = planOffers(cart.lines, offers, options.strategy);

  // One candidate per bundle (or pairing): its sets' units as targets and their total saving as one
  // fixed amount spread over them (appliesToEachItem: false), so the saving is exact.
  const groups = new Map<
    string,
    { message: string; title: string; saving: number; units: Map<number, number>; order: number }
  >();
  for (const applied of plan.applied) {
    const group = groups.get(applied.offer.group);
    if (group) {
      group.saving += applied.saving;
      for (const [line, count] of applied.units) group.units.set(line, (group.units.get(line) ?? 0) + count);
    } else {
      groups.set(applied.offer.group, {
        message: applied.offer.message,
        title: applied.offer.title,
        saving: applied.saving,
        units: new Map(applied.units),
        order: applied.offer.order,
      });
    }
  }
  const candidates: Sized[] = [...groups.values()].map((group) => ({
    saving: group.saving,
    order: group.order,
    title: group.title,
    units: group.units,
    candidate: candidate(cart, group.message, group.units, group.saving),
  }));

  const limit = options.outputLimit ?? outputLimitFor(input.cart.lines.length);
  const fitted = fitOutput(cart, candidates, limit);
  const result: CartLinesDiscountsGenerateRunResult =
    fitted.kept.length === 0
      ? NO_DISCOUNTS
      : { operations: [{ productDiscountsAdd: { candidates: fitted.kept, selectionStrategy: "ALL" } }] };
  return { result, skipped: null, cart, plan, merged: fitted.merged, dropped: fitted.dropped };
}

interface Sized {
  saving: number;
  order: number;
  title: string;
  units: Map<number, number>;
  candidate: ProductDiscountCandidate;
}

function candidate(cart: Cart, message: string, units: Map<number, number>, saving: number): ProductDiscountCandidate {
  return {
    message,
    targets: [...units]
      .sort(([a], [b]) => a - b)
      .map(([line, quantity]) => ({ cartLine: { id: cart.lines[line]!.id, quantity } })),
    value: {
      fixedAmount: {
        amount: formatDecimalAmount({ amount: saving, currency: cart.currency }),
        appliesToEachItem: false,
      },
    },
  };
}

const bytesOf = (value: unknown) => utf8ByteLength(JSON.stringify(value));

/** "Bundle savings: A, B and 3 more" for `count` merged offers, naming the first (largest) two. */
function mergedMessage(firstTitles: readonly string[], count: number): string {
  const more = count - firstTitles.length;
  return `Bundle savings: ${firstTitles.join(", ")}${more > 0 ? ` and ${more} more` : ""}`;
}

/**
 * Keeps the output under `limit` bytes, in three steps:
 * 1. one candidate per bundle or pairing, if they all fit;
 * 2. else the smallest savings are merged into one last candidate ("Bundle savings: A, B and 3
 *    more") with their summed saving — as few as needed, so the largest savings keep their own
 *    message — and the total saving stays exact;
 * 3. only if even one merged candidate for everything does not fit (far beyond 200 lines), the
 *    smallest savings are dropped from it until it fits.
 * Sizes are tracked incrementally: each candidate and target is serialized once.
 */
function fitOutput(
  cart: Cart,
  candidates: readonly Sized[],
  limit: number,
): { kept: ProductDiscountCandidate[]; merged: number; dropped: ProductDiscountCandidate[] } {
  const envelope = bytesOf({ operations: [{ productDiscountsAdd: { candidates: [], selectionStrategy: "ALL" } }] });
  const sizes = candidates.map((c) => bytesOf(c.candidate));
  const listBytes = (total: number, count: number) => total + Math.max(0, count - 1);
  const all = sizes.reduce((sum, b) => sum + b, 0);
  if (envelope + listBytes(all, candidates.length) <= limit) {
    return { kept: candidates.map((c) => c.candidate), merged: 0, dropped: [] };
  }

  // Rank by saving (largest first); merge the tail ranked[k…] for the largest k that fits.
  const ranked = candidates.map((c, i) => ({ c, bytes: sizes[i]! }));
  ranked.sort((a, b) => b.c.saving - a.c.saving || a.c.order - b.c.order);
  const merged = new Map<number, number>();
  const targetBytes = new Map<number, number>();
  let mergedTargetBytes = 0;
  let mergedSaving = 0;
  const addUnits = (units: Map<number, number>, sign: 1 | -1) => {
    for (const [line, count] of units) {
      const quantity = (merged.get(line) ?? 0) + sign * count;
      const size = quantity === 0 ? 0 : bytesOf({ cartLine: { id: cart.lines[line]!.id, quantity } });
      mergedTargetBytes += size - (targetBytes.get(line) ?? 0);
      if (quantity === 0) {
        merged.delete(line);
        targetBytes.delete(line);
      } else {
        merged.set(line, quantity);
        targetBytes.set(line, size);
      }
    }
  };
  const mergedMessageOf = (from: number, to: number) =>
    mergedMessage(
      ranked.slice(from, Math.min(to, from + 2)).map((r) => r.c.title),
      to - from,
    );
  const mergedBytes = (from: number, to: number) =>
    bytesOf(candidate(cart, mergedMessageOf(from, to), new Map(), mergedSaving)) +
    listBytes(mergedTargetBytes, merged.size);

  let keptBytes = ranked.reduce((sum, r) => sum + r.bytes, 0);
  for (let k = ranked.length - 1; k >= 0; k--) {
    const { c, bytes } = ranked[k]!;
    keptBytes -= bytes;
    mergedSaving += c.saving;
    addUnits(c.units, 1);
    if (envelope + listBytes(keptBytes + mergedBytes(k, ranked.length), k + 1) <= limit) {
      const kept = ranked
        .slice(0, k)
        .sort((a, b) => a.c.order - b.c.order)
        .map((r) => r.c.candidate);
      kept.push(candidate(cart, mergedMessageOf(k, ranked.length), merged, mergedSaving));
      return { kept, merged: ranked.length - k, dropped: [] };
    }
  }

  // Everything merged still does not fit: drop the smallest savings from the merged candidate.
  const dropped: ProductDiscountCandidate[] = [];
  for (let end = ranked.length - 1; end > 0; end--) {
    const { c } = ranked[end]!;
    dropped.push(c.candidate);
    mergedSaving -= c.saving;
    addUnits(c.units, -1);
    if (envelope + mergedBytes(0, end) <= limit) {
      return { kept: [candidate(cart, mergedMessageOf(0, end), merged, mergedSaving)], merged: end, dropped };
    }
  }
  return { kept: [], merged: 0, dropped: ranked.map((r) => r.c.candidate) };
}
