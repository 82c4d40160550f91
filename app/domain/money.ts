// Money as integer minor units (cents, yen, fils…) plus an ISO 4217 currency code — never floats.
// Shopify sends prices as decimal strings ("12.34"); parse them here, compute in integers, and
// format back only for display or API calls.

/** ISO 4217 alphabetic code: three uppercase letters, e.g. "USD". */
export type CurrencyCode = string;

export interface Money {
  /** Safe integer count of the currency's minor units (e.g. cents for USD, yen for JPY). */
  amount: number;
  currency: CurrencyCode;
}

/** A money rule was broken; `field` names the offending input (e.g. "amount", "currency"). */
export class MoneyError extends Error {
  readonly field: string;

  constructor(message: string, field: string) {
    super(message);
    this.name = "MoneyError";
    this.field = field;
  }
}

const CURRENCY_CODE = /^[A-Z]{3}$/;

// ISO 4217 minor-unit exponents that differ from the usual 2.
// prettier-ignore
const ZERO_DECIMAL_CURRENCIES: ReadonlySet<string> = new Set([
  "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG",
  "RWF", "UGX", "UYI", "VND", "VUV", "XAF", "XOF", "XPF",
]);
const THREE_DECIMAL_CURRENCIES: ReadonlySet<string> = new Set(["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"]);

export function isCurrencyCode(value: unknown): value is CurrencyCode {
  return typeof value === "string" && CURRENCY_CODE.test(value);
}

function assertCurrency(code: unknown, field = "currency"): asserts code is CurrencyCode {
  if (!isCurrencyCode(code)) {
    throw new MoneyError(`Currency must be a 3-letter ISO 4217 code like USD (got ${describeInput(code)})`, field);
  }
}

/** Number of decimals in the currency's minor unit (ISO 4217 exponent): 0, 2 or 3. */
export function currencyDecimals(code: CurrencyCode): 0 | 2 | 3 {
  assertCurrency(code);
  if (ZERO_DECIMAL_CURRENCIES.has(code)) return 0;
  if (THREE_DECIMAL_CURRENCIES.has(code)) return 3;
  return 2;
}

function assertSafeInteger(value: unknown, field: string): asserts value is number {
  if (typeof value !== "number" || !Number.isInteger(value)) {
    throw new MoneyError(`${capitalize(field)} must be a whole number (got ${describeInput(value)})`, field);
  }
  if (!Number.isSafeInteger(value)) {
    throw new MoneyError(`${capitalize(field)} ${value} is too large to handle exactly`, field);
  }
}

/** Builds a validated Money value. */
export function money(amount: number, currency: CurrencyCode): Money {
  assertSafeInteger(amount, "amount");
  assertCurrency(currency);
  return { amount, currency };
}

export function zeroMoney(currency: CurrencyCode): Money {
  return money(0, currency);
}

const DECIMAL_TEXT = /^(-?)(\d+)(?:\.(\d+))?$/;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * Parses a Shopify decimal string ("12.34", "1200", "0.5", "-3.10") into minor units exactly,
 * using string and BigInt arithmetic only. Extra fractional digits are accepted only when they
 * are zeros, because Shopify writes e.g. "1200.0" for JPY prices.
 */
export function parseDecimalAmount(text: string, currency: CurrencyCode): number {
  const decimals = currencyDecimals(currency);
  const match = typeof text === "string" ? DECIMAL_TEXT.exec(text) : null;
  if (!match) {
    throw new MoneyError(`${describeInput(text)} is not an amount like 12.34`, "amount");
  }
  const [, sign = "", whole = "", fraction = ""] = match;
  const kept = fraction.slice(0, decimals);
  if (/[^0]/.test(fraction.slice(decimals))) {
    throw new MoneyError(`${truncate(text)} has more decimals than ${currency} allows`, "amount");
  }
  const digits = (whole + kept.padEnd(decimals, "0")).replace(/^0+(?=\d)/, "");
  // Anything over 16 digits is beyond Number.MAX_SAFE_INTEGER; skip the BigInt work on huge input.
  const magnitude = digits.length > 16 ? MAX_SAFE + 1n : BigInt(digits);
  if (magnitude > MAX_SAFE) {
    throw new MoneyError(`${describeInput(text)} is too large an amount`, "amount");
  }
  const amount = Number(magnitude);
  return sign === "-" && amount !== 0 ? -amount : amount;
}

/** Formats minor units as a plain decimal string: "12.34", "1200" (JPY), "-0.05", "1.500" (KWD). */
export function formatDecimalAmount(m: Money): string {
  const { amount, currency } = money(m.amount, m.currency);
  const decimals = currencyDecimals(currency);
  const digits = String(Math.abs(amount)).padStart(decimals + 1, "0");
  const sign = amount < 0 ? "-" : "";
  if (decimals === 0) return sign + digits;
  return `${sign}${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
}

/**
 * "$1,234.50", "¥1,200": minor units formatted for display in `locale`. Intl gets the exact decimal
 * text (it formats numeric strings without going through a float), never a computed float.
 */
export function formatMoney(m: Money, locale = "en-US"): string {
  const text = formatDecimalAmount(m) as `${number}`;
  const key = `${locale}\u0000${m.currency}`;
  let format = moneyFormats.get(key);
  if (!format) {
    const decimals = currencyDecimals(m.currency);
    format = new Intl.NumberFormat(locale, {
      style: "currency",
      currency: m.currency,
      minimumFractionDigits: decimals,
      maximumFractionDigits: decimals,
    });
    moneyFormats.set(key, format);
  }
  return format.format(text);
}

/** Formatters by locale and currency: making one takes far longer than formatting with it. */
const moneyFormats = new Map<string, Intl.NumberFormat>();

/** "150.00 USD": the figure shown to merchants in messages. */
export function formatMoneyWithCode(m: Money): string {
  return `${formatDecimalAmount(m)} ${m.currency}`;
}

function assertSameCurrency(a: Money, b: Money, verb: string): void {
  if (a.currency !== b.currency) {
    throw new MoneyError(`Cannot ${verb} ${a.currency} and ${b.currency} amounts`, "currency");
  }
}

function checkedResult(amount: number, currency: CurrencyCode): Money {
  if (!Number.isSafeInteger(amount)) {
    throw new MoneyError("The result is too large to handle exactly", "amount");
  }
  return { amount, currency };
}

export function addMoney(a: Money, b: Money): Money {
  money(a.amount, a.currency);
  money(b.amount, b.currency);
  assertSameCurrency(a, b, "add");
  return checkedResult(a.amount + b.amount, a.currency);
}

export function subtractMoney(a: Money, b: Money): Money {
  money(a.amount, a.currency);
  money(b.amount, b.currency);
  assertSameCurrency(a, b, "subtract");
  return checkedResult(a.amount - b.amount, a.currency);
}

/** Sums amounts that must all be in `currency`; an empty list sums to zero. */
export function sumMoney(list: readonly Money[], currency: CurrencyCode): Money {
  return list.reduce<Money>((total, m) => addMoney(total, m), zeroMoney(currency));
}

/** Unit price × quantity (quantity a whole number). */
export function multiplyMoney(m: Money, quantity: number): Money {
  money(m.amount, m.currency);
  assertSafeInteger(quantity, "quantity");
  return checkedResult(m.amount * quantity, m.currency);
}

/**
 * `percent` (a whole percent, 0–100) of an integer amount, rounded half up — half away from zero
 * for negative amounts — computed in BigInt so 4999 × 15% is exactly 749.85 → 750.
 */
export function percentageOfAmount(amount: number, percent: number): number {
  assertSafeInteger(amount, "amount");
  assertSafeInteger(percent, "percent");
  if (percent < 0 || percent > 100) {
    throw new MoneyError(`Percent must be a whole number from 0 to 100 (got ${percent})`, "percent");
  }
  const scaled = BigInt(Math.abs(amount)) * BigInt(percent);
  const rounded = Number((scaled + 50n) / 100n);
  return amount < 0 && rounded !== 0 ? -rounded : rounded;
}

/**
 * Splits a non-negative integer `total` across lines in proportion to non-negative integer
 * `weights` (largest-remainder method): each part is the floor of its exact share, and the units
 * left over go to the largest remainders, earlier index first on ties. The parts always sum to
 * `total`, each is within 1 of its exact share, and none exceeds its weight when
 * total ≤ sum(weights) — so a discount spread over lines never exceeds a line's price.
 * All-zero weights split equally.
 */
export function allocateAmount(total: number, weights: readonly number[]): number[] {
  assertNonNegativeInteger(total, "total");
  weights.forEach((w, i) => assertNonNegativeInteger(w, `weights[${i}]`));
  if (weights.length === 0) {
    if (total === 0) return [];
    throw new MoneyError(`Cannot split ${total} across no lines`, "weights");
  }
  const big = weights.map(BigInt);
  const effective = big.every((w) => w === 0n) ? big.map(() => 1n) : big;
  const weightSum = effective.reduce((a, b) => a + b, 0n);
  const bigTotal = BigInt(total);
  const shares = effective.map((w, index) => ({
    index,
    floor: (bigTotal * w) / weightSum,
    remainder: (bigTotal * w) % weightSum,
  }));
  let leftover = bigTotal - shares.reduce((sum, s) => sum + s.floor, 0n);
  const byRemainder = [...shares].sort((a, b) =>
    a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1,
  );
  for (const share of byRemainder) {
    if (leftover === 0n) break;
    share.floor += 1n;
    leftover -= 1n;
  }
  return shares.map((s) => Number(s.floor));
}

function assertNonNegativeInteger(value: unknown, field: string): asserts value is number {
  assertSafeInteger(value, field);
  if (value < 0) {
    throw new MoneyError(`${capitalize(field)} must not be negative (got ${value})`, field);
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function truncate(text: string): string {
  return text.length > 24 ? `${text.slice(0, 24)}…` : text;
}

/** Short, safe rendering of arbitrary input for error messages (long text is cut). */
function describeInput(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(truncate(value));
  if (typeof value === "number" || typeof value === "bigint" || typeof value === "boolean") return String(value);
  if (value === null) return "null";
  return typeof value;
}
