// Money as Shopify's storefront shows it. Shopify Liquid and the Ajax API express every amount in
// hundredths of the currency's major unit ("cents"), whatever the currency: ¥1,000 is 100000 and
// $19.99 is 1999. The emulated shop stores ISO 4217 minor units (¥1,000 is 1000), so amounts are
// converted once, at the storefront boundary, by `toShopifyCents`. Formatting uses the shop's money
// format ("${{amount}}", "¥{{amount_no_decimals}}", "{{amount_with_comma_separator}} €"), in integer
// arithmetic only.

import { currencyDecimals } from "../../app/domain/money";

/** ISO 4217 minor units (the emulated shop's money) → Shopify storefront cents. */
export function toShopifyCents(minorUnits: number, currency: string): number {
  const decimals = currencyDecimals(currency);
  if (decimals === 2) return minorUnits;
  if (decimals === 0) return minorUnits * 100;
  // Three-decimal currencies (KWD, BHD…): Shopify's storefront works in hundredths, so the third
  // decimal is rounded half away from zero.
  const sign = minorUnits < 0 ? -1 : 1;
  return sign * Math.floor((Math.abs(minorUnits) + 5) / 10);
}

interface AmountStyle {
  decimals: 0 | 2;
  thousands: string;
  decimal: string;
}

/** The placeholders Shopify's money formats accept, and how each writes an amount. */
export const MONEY_PLACEHOLDERS: Readonly<Record<string, AmountStyle>> = {
  amount: { decimals: 2, thousands: ",", decimal: "." },
  amount_no_decimals: { decimals: 0, thousands: ",", decimal: "." },
  amount_with_comma_separator: { decimals: 2, thousands: ".", decimal: "," },
  amount_no_decimals_with_comma_separator: { decimals: 0, thousands: ".", decimal: "," },
  amount_with_apostrophe_separator: { decimals: 2, thousands: "'", decimal: "." },
  amount_no_decimals_with_space_separator: { decimals: 0, thousands: " ", decimal: "," },
  amount_with_space_separator: { decimals: 2, thousands: " ", decimal: "," },
  amount_with_period_and_space_separator: { decimals: 2, thousands: " ", decimal: "." },
};

const PLACEHOLDER = /\{\{\s*(\w+)\s*\}\}/;

/** Coerces a Liquid filter input (number, numeric string, nil) to whole cents; null for nil/blank. */
export function coerceCents(value: unknown): number | null {
  if (value === null || value === undefined || value === "") return null;
  const n = typeof value === "number" ? value : Number(value);
  if (!Number.isFinite(n)) return null;
  return Math.round(n);
}

/** Writes `cents` with a placeholder's separators: 199999 → "1,999.99" (amount). */
export function formatAmount(cents: number, placeholder: string): string {
  return formatWithStyle(cents, MONEY_PLACEHOLDERS[placeholder] ?? MONEY_PLACEHOLDERS.amount!);
}

function formatWithStyle(cents: number, style: AmountStyle): string {
  const negative = cents < 0;
  const abs = BigInt(Math.abs(Math.round(cents)));
  let units: bigint;
  let fraction = "";
  if (style.decimals === 0) {
    units = (abs + 50n) / 100n; // half up, as Shopify rounds amount_no_decimals
  } else {
    units = abs / 100n;
    fraction = style.decimal + String(abs % 100n).padStart(2, "0");
  }
  const grouped = String(units).replace(/\B(?=(\d{3})+(?!\d))/g, style.thousands);
  const sign = negative && (units > 0n || /[1-9]/.test(fraction)) ? "-" : "";
  return `${sign}${grouped}${fraction}`;
}

/** Applies a Shopify money format ("${{amount}}") to an amount in cents. */
export function formatMoney(cents: number, format: string): string {
  const match = PLACEHOLDER.exec(format);
  if (!match) return format;
  return format.replace(PLACEHOLDER, formatAmount(cents, match[1] ?? "amount"));
}

/** The amount alone, with the format's separators and no currency symbol (`money_without_currency`). */
export function formatMoneyWithoutCurrency(cents: number, format: string): string {
  return formatAmount(cents, PLACEHOLDER.exec(format)?.[1] ?? "amount");
}

/** Like `formatMoney`, but "$10" rather than "$10.00" for whole amounts (`money_without_trailing_zeros`). */
export function formatMoneyWithoutTrailingZeros(cents: number, format: string): string {
  const match = PLACEHOLDER.exec(format);
  if (!match) return format;
  const style = MONEY_PLACEHOLDERS[match[1] ?? "amount"] ?? MONEY_PLACEHOLDERS.amount!;
  const whole = Math.round(cents) % 100 === 0;
  return format.replace(PLACEHOLDER, formatWithStyle(cents, whole ? { ...style, decimals: 0 } : style));
}
