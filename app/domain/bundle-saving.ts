// The bundle saving rule on its own, free of zod and every other dependency but money.ts, so the
// discount Function (extensions/bundle-discount) can import it into its Wasm bundle.
import { percentageOfAmount } from "./money";

export const DISCOUNT_KINDS = ["percentage", "fixed_amount_off", "fixed_price"] as const;
export type DiscountKind = (typeof DISCOUNT_KINDS)[number];

/** A bundle's discount: a whole percent, or an amount in minor units of the amounts it is applied to. */
export interface SavingRule {
  kind: DiscountKind;
  value: number;
}

/** The saving in minor units for a full price; never more than the full price, never negative. */
export function bundleSaving(discount: SavingRule, fullAmount: number): number {
  switch (discount.kind) {
    case "percentage":
      return percentageOfAmount(fullAmount, discount.value);
    case "fixed_amount_off":
      return Math.min(discount.value, fullAmount);
    case "fixed_price":
      return Math.max(0, fullAmount - discount.value);
  }
}
