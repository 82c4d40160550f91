// The daily rollups recomputed from the raw facts: every order's contribution (orderContribution, the
// function ingestion adds by difference) and every stored widget event's funnel counters
// (funnelIncrements, the beacon's), summed per (day, row type, offer). Summing what ingestion added
// event by event gives the same rows, because each event added the difference between the order's
// contribution after and before it.
import { funnelIncrements, type OfferEventRecord } from "./offer-events";
import {
  orderContribution,
  ROLLUP_FIGURES,
  zeroFigures,
  type OrderFacts,
  type RollupFigures,
  type RollupRowType,
} from "./order-facts";
import { UTC } from "./shop-time";
import { compareText } from "./text-order";

export interface RebuiltRollupRow extends RollupFigures {
  day: string;
  offerType: RollupRowType;
  offerId: string;
  currencyCode: string;
  impressions: number;
  clicks: number;
  addsToCart: number;
}

const COUNTERS = ["impressions", "clicks", "addsToCart"] as const;

/** Accumulates orders and events page by page; `rows()` gives the rollup rows they add up to. */
export class RollupRebuild {
  private readonly byKey = new Map<string, RebuiltRollupRow>();

  /** `shopCurrency`: the currency of rows only events add to (ingestion gives them the shop's). */
  constructor(
    private readonly shopCurrency: string,
    private readonly timeZone: string = UTC,
  ) {}

  private row(day: string, offerType: RollupRowType, offerId: string, currencyCode: string) {
    const key = `${day}\u0000${offerType}\u0000${offerId}`;
    let row = this.byKey.get(key);
    if (!row) {
      row = { day, offerType, offerId, currencyCode, ...zeroRow() };
      this.byKey.set(key, row);
    }
    return row;
  }

  addOrder(facts: OrderFacts) {
    for (const { day, offerType, offerId, figures } of orderContribution(facts, this.timeZone)) {
      const row = this.row(day, offerType, offerId, facts.order.currencyCode);
      for (const figure of ROLLUP_FIGURES) row[figure] = checkedSum(row[figure], figures[figure]);
    }
  }

  addEvents(events: readonly OfferEventRecord[]) {
    for (const increment of funnelIncrements(events, this.timeZone)) {
      const row = this.row(increment.day, increment.offerType, increment.offerId, this.shopCurrency);
      for (const counter of COUNTERS) row[counter] += increment[counter];
    }
  }

  /** The rows, sorted by (day, type, offer); rows whose figures are all zero are left out. */
  rows(): RebuiltRollupRow[] {
    return [...this.byKey.values()]
      .filter((row) => !isZeroRollupRow(row))
      .sort(
        (a, b) =>
          compareText(a.day, b.day) || compareText(a.offerType, b.offerType) || compareText(a.offerId, b.offerId),
      );
  }
}

/** A row with nothing in it: the same to every report as no row (ingestion leaves such rows behind). */
export function isZeroRollupRow(row: RollupFigures & Partial<Record<(typeof COUNTERS)[number], number>>): boolean {
  return ROLLUP_FIGURES.every((figure) => row[figure] === 0) && COUNTERS.every((counter) => !row[counter]);
}

const zeroRow = () => ({
  ...zeroFigures(),
  impressions: 0,
  clicks: 0,
  addsToCart: 0,
});

function checkedSum(a: number, b: number): number {
  const sum = a + b;
  if (!Number.isSafeInteger(sum)) throw new RangeError("An amount is too large to add up exactly");
  return sum;
}
