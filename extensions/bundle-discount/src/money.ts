// Amount parsing and currency conversion for the Function, on top of app/domain/money.ts.
// Nothing here throws on odd input: a value that cannot be read gives null and the caller skips it.
import { currencyDecimals, isCurrencyCode, parseDecimalAmount } from "../../../app/domain/money";

const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

/**
 * A Decimal from the input ("12.34", "1200.0", or a JSON number) as non-negative minor units of
 * `currency`. Digits beyond the currency's minor unit are rounded half up. Null if unreadable.
 */
export function parseAmount(value: unknown, currency: string): number | null {
  if (!isCurrencyCode(currency)) return null;
  const text = typeof value === "number" && Number.isFinite(value) ? String(value) : value;
  if (typeof text !== "string") return null;
  const match = DECIMAL.exec(text);
  if (!match) return null;
  const decimals = currencyDecimals(currency);
  const whole = match[1] ?? "0";
  const fraction = match[2] ?? "";
  if (fraction.length <= decimals) return safeParse(text, currency);
  const kept = `${whole}.${fraction.slice(0, decimals)}`.replace(/\.$/, "");
  const parsed = safeParse(kept, currency);
  if (parsed === null) return null;
  return fraction.charCodeAt(decimals) >= 53 /* "5" */ ? parsed + 1 : parsed;
}

function safeParse(text: string, currency: string): number | null {
  try {
    return parseDecimalAmount(text, currency);
  } catch {
    return null;
  }
}

/** An exchange rate as an exact fraction numerator / 10^scale; null unless a positive decimal. */
export interface Rate {
  numerator: bigint;
  scale: number;
}

export function parseRate(value: unknown): Rate | null {
  const text = typeof value === "number" && Number.isFinite(value) ? String(value) : value;
  if (typeof text !== "string") return null;
  const match = DECIMAL.exec(text);
  if (!match || (match[2]?.length ?? 0) > 18) return null;
  const fraction = match[2] ?? "";
  const numerator = BigInt((match[1] ?? "0") + fraction);
  return numerator > 0n ? { numerator, scale: fraction.length } : null;
}

/**
 * Converts shop-currency minor units to presentment-currency minor units: amount × rate, rescaled
 * from `from`'s minor unit to `to`'s and rounded half up to `to`'s minor unit. Exact (BigInt).
 * Same currency → unchanged, whatever the rate says. Null when it cannot convert.
 */
export function convertAmount(amount: number, from: string, to: string, rate: Rate | null): number | null {
  if (from === to) return amount;
  if (rate === null || !isCurrencyCode(from) || !isCurrencyCode(to)) return null;
  const numerator = BigInt(amount) * rate.numerator * 10n ** BigInt(currencyDecimals(to));
  const denominator = 10n ** BigInt(rate.scale + currencyDecimals(from));
  const converted = (numerator * 2n + denominator) / (denominator * 2n);
  return converted > BigInt(Number.MAX_SAFE_INTEGER) ? null : Number(converted);
}
