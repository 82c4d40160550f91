// Bundle margins: what each part earns once the bundle saving is taken off, against its unit cost
// (Shopify's InventoryItem.unitCost), and the shop's margin floor ("never below 20% margin").
// A part whose cost Shopify does not know is flagged, never counted as a zero cost.
import type { BundlePrice } from "./bundle";
import { formatMoneyWithCode, money, multiplyMoney, sumMoney, type Money } from "./money";
import type { FieldError } from "./validation";

export interface PartMargin {
  /** What the part sells for in the bundle: its full price minus its share of the saving. */
  revenue: Money;
  /** Unit cost × quantity; null when Shopify has no cost for the variant. */
  cost: Money | null;
  /** revenue − cost; null when the cost is unknown. */
  margin: Money | null;
  /** margin ÷ revenue in basis points (1% = 100), rounded toward zero; null without a cost or a revenue. */
  marginBasisPoints: number | null;
}

export interface BundleMargin {
  parts: PartMargin[];
  /** Totals over the parts whose cost is known (all of them when `unknownCost` is empty). */
  known: { revenue: Money; cost: Money; margin: Money; marginBasisPoints: number | null };
  /** Indexes of the parts without a known cost. */
  unknownCost: number[];
}

/** margin ÷ revenue in basis points, rounded toward zero, exactly (BigInt); null for a zero revenue. */
export function marginBasisPoints(margin: number, revenue: number): number | null {
  if (revenue <= 0) return null;
  return Number((BigInt(margin) * 10_000n) / BigInt(revenue));
}

/**
 * Each part's margin in the bundle. `unitCosts[i]` is the unit cost of part i (the variant priced in
 * `price.lines[i]`) in the bundle's currency, or null when unknown.
 */
export function bundleMargin(price: BundlePrice, unitCosts: ReadonlyArray<Money | null>): BundleMargin {
  const currency = price.fullPrice.currency;
  const parts = price.lines.map((line, i): PartMargin => {
    const revenue = money(line.fullPrice.amount - line.saving.amount, currency);
    const unitCost = unitCosts[i] ?? null;
    if (unitCost === null || unitCost.currency !== currency) {
      return { revenue, cost: null, margin: null, marginBasisPoints: null };
    }
    const cost = multiplyMoney(unitCost, line.quantity);
    const margin = money(revenue.amount - cost.amount, currency);
    return { revenue, cost, margin, marginBasisPoints: marginBasisPoints(margin.amount, revenue.amount) };
  });
  const knownParts = parts.filter((p) => p.cost !== null);
  const revenue = sumMoney(
    knownParts.map((p) => p.revenue),
    currency,
  );
  const cost = sumMoney(
    knownParts.map((p) => p.cost as Money),
    currency,
  );
  const margin = money(revenue.amount - cost.amount, currency);
  return {
    parts,
    known: { revenue, cost, margin, marginBasisPoints: marginBasisPoints(margin.amount, revenue.amount) },
    unknownCost: parts.flatMap((p, i) => (p.cost === null ? [i] : [])),
  };
}

/** "20%", "12.5%", "-3.25%": basis points as a percentage for merchants. */
export function formatBasisPoints(basisPoints: number): string {
  const sign = basisPoints < 0 ? "-" : "";
  const abs = Math.abs(basisPoints);
  const whole = Math.floor(abs / 100);
  const fraction = String(abs % 100)
    .padStart(2, "0")
    .replace(/0+$/, "");
  return `${sign}${whole}${fraction ? `.${fraction}` : ""}%`;
}

/**
 * The parts that would sell below the margin floor (basis points of their price in the bundle), one
 * error per part, naming it and the figures. Parts without a known cost are not checked here: the
 * preview flags them. Every part at or above the floor means the bundle as a whole is too.
 */
export function marginFloorErrors(
  margin: BundleMargin,
  floorBasisPoints: number | null,
  partNames: readonly string[],
): FieldError[] {
  if (floorBasisPoints === null) return [];
  const floor = BigInt(floorBasisPoints);
  return margin.parts.flatMap((part, i) => {
    if (part.cost === null || part.margin === null) return [];
    const below =
      part.revenue.amount === 0
        ? part.cost.amount > 0 || floor > 0n
        : BigInt(part.margin.amount) * 10_000n < floor * BigInt(part.revenue.amount);
    if (!below) return [];
    const name = partNames[i] ?? `Product ${i + 1}`;
    const rate = part.marginBasisPoints === null ? "no" : `a ${formatBasisPoints(part.marginBasisPoints)}`;
    return [
      {
        field: `parts[${i}]`,
        message:
          `${name} would sell for ${formatMoneyWithCode(part.revenue)} in this bundle against a cost of ` +
          `${formatMoneyWithCode(part.cost)}: ${rate} margin, below your margin floor of ${formatBasisPoints(floorBasisPoints)}`,
      },
    ];
  });
}
