// Runs the Function on a cart spec with every input and output checked against Shopify's schema.
import { allocateAmount, parseDecimalAmount } from "../../../../app/domain/money";
import type { Strategy } from "../../src/allocate";
import { explainRun, type Explained } from "../../src/cart_lines_discounts_generate_run";
import type { CartLinesDiscountsGenerateRunInput, ProductDiscountCandidate } from "../../generated/api";
import { loadInputQuery, loadSchema, RESULT_TYPE } from "../../scripts/schema";
import { cartInput, type CartSpec } from "./carts";
import { inputProblems, outputProblems } from "./validate";

const schema = loadSchema();
const query = loadInputQuery();

export interface Ran extends Explained {
  input: CartLinesDiscountsGenerateRunInput;
  candidates: ProductDiscountCandidate[];
  /** Sum of the candidates' amounts, minor units. */
  total: number;
  /** Candidate amounts by message, minor units. */
  byMessage: Record<string, number>;
  /** Discounted units per line id, over all candidates. */
  unitsByLine: Record<string, number>;
}

export function assertValid(input: unknown, output: unknown): void {
  const problems = [...inputProblems(schema, query, input), ...outputProblems(schema, RESULT_TYPE, output)];
  if (problems.length > 0) throw new Error(`Schema problems:\n${problems.join("\n")}`);
}

export function runInput(
  input: CartLinesDiscountsGenerateRunInput,
  options: { strategy?: Strategy; outputLimit?: number } = {},
): Ran {
  const explained = explainRun(input, options);
  assertValid(input, explained.result);
  const currency = input.cart.cost.totalAmount.currencyCode;
  const candidates = explained.result.operations.flatMap((op) =>
    "productDiscountsAdd" in op ? op.productDiscountsAdd.candidates : [],
  );
  const byMessage: Record<string, number> = {};
  const unitsByLine: Record<string, number> = {};
  let total = 0;
  for (const c of candidates) {
    const amount = "fixedAmount" in c.value ? parseDecimalAmount(c.value.fixedAmount.amount, currency) : NaN;
    byMessage[c.message ?? ""] = (byMessage[c.message ?? ""] ?? 0) + amount;
    total += amount;
    for (const t of c.targets)
      unitsByLine[t.cartLine.id] = (unitsByLine[t.cartLine.id] ?? 0) + (t.cartLine.quantity ?? 0);
  }
  return { ...explained, input, candidates, total, byMessage, unitsByLine };
}

export function run(spec: CartSpec, options: { strategy?: Strategy; outputLimit?: number } = {}): Ran {
  return runInput(cartInput(spec), options);
}

/**
 * Each line's discount if Shopify spreads every candidate's fixed amount over its targets in
 * proportion to their price (appliesToEachItem: false), in minor units by line id.
 */
export function lineDiscounts(ran: Ran): Record<string, number> {
  const currency = ran.input.cart.cost.totalAmount.currencyCode;
  const unitPrice = new Map(
    ran.input.cart.lines.map((l) => [l.id, parseDecimalAmount(l.cost.unit.amount, currency)] as const),
  );
  const discounts: Record<string, number> = {};
  for (const c of ran.candidates) {
    if (!("fixedAmount" in c.value)) continue;
    const amount = parseDecimalAmount(c.value.fixedAmount.amount, currency);
    const weights = c.targets.map((t) => (unitPrice.get(t.cartLine.id) ?? 0) * (t.cartLine.quantity ?? 0));
    allocateAmount(amount, weights).forEach((share, i) => {
      const id = c.targets[i]!.cartLine.id;
      discounts[id] = (discounts[id] ?? 0) + share;
    });
  }
  return discounts;
}
