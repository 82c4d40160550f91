// Metafield rules the emulator enforces like Shopify does, so local mode rejects what Shopify would:
// - metafieldsSet takes at most 25 metafields and is atomic (one error and nothing is written);
// - key 2–64 and namespace 3–255 characters of letters, digits, "-" and "_" ("$app" / "$app:…" allowed);
// - the value must parse for its type; list types hold at most 128 items;
// - value size (https://shopify.dev/docs/apps/build/metafields/metafield-limits, for API 2026-04, the
//   version the app pins): json 128 KB, id and url 2 KB, every other type 64 KB.
import { createHash } from "node:crypto";
import { isCurrencyCode } from "../../app/domain/money";
import { parseGid } from "./store";

export const MAX_METAFIELDS_PER_SET = 25;
export const MAX_LIST_ITEMS = 128;
const KB = 1024;
const SIZE_LIMITS: Record<string, number> = { json: 128 * KB, id: 2 * KB, url: 2 * KB };
const DEFAULT_SIZE_LIMIT = 64 * KB;

/** The namespace Shopify uses when a mutation omits it: the app-reserved one. */
export const APP_NAMESPACE = "$app";

export interface MetafieldProblem {
  /** Path inside the metafield input, e.g. ["value"]. */
  field: string[];
  message: string;
  code: "BLANK" | "INVALID_TYPE" | "INVALID_VALUE" | "TOO_LONG" | "TOO_SHORT" | "LESS_THAN_OR_EQUAL_TO";
}

const REFERENCE_TYPES: Record<string, readonly string[]> = {
  product_reference: ["Product"],
  variant_reference: ["ProductVariant"],
  collection_reference: ["Collection"],
  customer_reference: ["Customer"],
  company_reference: ["Company"],
  page_reference: ["Page"],
  metaobject_reference: ["Metaobject"],
  mixed_reference: ["Metaobject"],
  file_reference: ["GenericFile", "MediaImage", "Video"],
  product_taxonomy_value_reference: ["TaxonomyValue"],
};

const JSON_OBJECT_TYPES = new Set(["dimension", "volume", "weight", "rating", "link", "rich_text_field", "money"]);

const SCALAR_TYPES = new Set([
  "boolean",
  "color",
  "date",
  "date_time",
  "id",
  "json",
  "multi_line_text_field",
  "number_decimal",
  "number_integer",
  "single_line_text_field",
  "url",
  ...JSON_OBJECT_TYPES,
  ...Object.keys(REFERENCE_TYPES),
]);

// Types with no list form in Shopify.
const NO_LIST = new Set(["boolean", "json", "money", "multi_line_text_field", "rich_text_field", "id"]);

export function isMetafieldType(type: string): boolean {
  if (type.startsWith("list.")) {
    const item = type.slice("list.".length);
    return SCALAR_TYPES.has(item) && !NO_LIST.has(item);
  }
  return SCALAR_TYPES.has(type);
}

const NAMESPACE = /^(\$app(:[A-Za-z0-9_-]+)?|[A-Za-z0-9_-]+)$/;
const KEY = /^[A-Za-z0-9_-]+$/;

export function checkNamespace(namespace: string): MetafieldProblem | null {
  if (namespace.length < 3) {
    return { field: ["namespace"], message: "Namespace is too short (minimum is 3 characters)", code: "TOO_SHORT" };
  }
  if (namespace.length > 255) {
    return { field: ["namespace"], message: "Namespace is too long (maximum is 255 characters)", code: "TOO_LONG" };
  }
  if (!NAMESPACE.test(namespace)) {
    return {
      field: ["namespace"],
      message: "Namespace contains one or more invalid characters (use letters, digits, '-' and '_').",
      code: "INVALID_VALUE",
    };
  }
  return null;
}

export function checkKey(key: string): MetafieldProblem | null {
  if (key.length < 2)
    return { field: ["key"], message: "Key is too short (minimum is 2 characters)", code: "TOO_SHORT" };
  if (key.length > 64)
    return { field: ["key"], message: "Key is too long (maximum is 64 characters)", code: "TOO_LONG" };
  if (!KEY.test(key)) {
    return {
      field: ["key"],
      message: "Key contains one or more invalid characters (use letters, digits, '-' and '_').",
      code: "INVALID_VALUE",
    };
  }
  return null;
}

function isValidDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

function isValidUrl(text: string): boolean {
  try {
    return ["http:", "https:", "mailto:", "sms:", "tel:"].includes(new URL(text).protocol);
  } catch {
    return false;
  }
}

/** Why a single (non-list) value is invalid for `type`, or null when it is fine. */
function scalarProblem(type: string, value: string, shopCurrency: string): string | null {
  switch (type) {
    case "boolean":
      return value === "true" || value === "false" ? null : "Value must be true or false.";
    case "number_integer":
      return /^-?\d+$/.test(value) && Number.isSafeInteger(Number(value)) ? null : "Value must be an integer.";
    case "number_decimal":
      return /^-?\d+(\.\d+)?$/.test(value) ? null : "Value must be a decimal number.";
    case "date":
      return isValidDate(value) ? null : "Value must be a date in the format YYYY-MM-DD.";
    case "date_time":
      return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/.test(value) &&
        !Number.isNaN(Date.parse(value))
        ? null
        : "Value must be a date and time in ISO 8601 format.";
    case "color":
      return /^#[0-9A-Fa-f]{6}$/.test(value) ? null : "Value must be a hexadecimal color code like #FF0000.";
    case "url":
      return isValidUrl(value) ? null : "Value must be a URL with the scheme http, https, mailto, sms or tel.";
    case "single_line_text_field":
      return /[\r\n]/.test(value) ? "Value must be a single line of text." : null;
    case "multi_line_text_field":
    case "id":
      return null;
    case "json":
      try {
        JSON.parse(value);
        return null;
      } catch (error) {
        return `Value is invalid JSON: ${(error as Error).message}.`;
      }
    default:
      break;
  }
  const referenceTypes = REFERENCE_TYPES[type];
  if (referenceTypes) {
    const parsed = parseGid(value);
    return parsed && referenceTypes.includes(parsed.type)
      ? null
      : `Value must be a global id of a ${referenceTypes.join(" or ")}.`;
  }
  if (JSON_OBJECT_TYPES.has(type)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch (error) {
      return `Value is invalid JSON: ${(error as Error).message}.`;
    }
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) return "Value must be a JSON object.";
    if (type === "money") {
      const { amount, currency_code: currency } = parsed as { amount?: unknown; currency_code?: unknown };
      if (typeof amount !== "string" || !/^-?\d+(\.\d+)?$/.test(amount)) return "Value must have a decimal amount.";
      if (!isCurrencyCode(currency) || currency !== shopCurrency) {
        return `Value must have currency_code ${shopCurrency}, the shop's currency.`;
      }
    }
    return null;
  }
  return null;
}

/** Checks a value against its metafield type and Shopify's size limits. */
export function checkValue(type: string, value: string, shopCurrency: string): MetafieldProblem | null {
  if (value === "") return { field: ["value"], message: "Value can't be blank.", code: "BLANK" };
  const baseType = type.startsWith("list.") ? type.slice("list.".length) : type;
  const limit = SIZE_LIMITS[baseType] ?? DEFAULT_SIZE_LIMIT;
  const bytes = Buffer.byteLength(value, "utf8");
  if (bytes > limit) {
    return {
      field: ["value"],
      message: `Value is too long: ${bytes} bytes, the limit for ${type} metafields is ${limit} bytes.`,
      code: "LESS_THAN_OR_EQUAL_TO",
    };
  }
  if (!type.startsWith("list.")) {
    const problem = scalarProblem(type, value, shopCurrency);
    return problem ? { field: ["value"], message: problem, code: "INVALID_VALUE" } : null;
  }
  let items: unknown;
  try {
    items = JSON.parse(value);
  } catch (error) {
    return { field: ["value"], message: `Value is invalid JSON: ${(error as Error).message}.`, code: "INVALID_VALUE" };
  }
  if (!Array.isArray(items)) {
    return { field: ["value"], message: "Value must be a JSON array for list types.", code: "INVALID_VALUE" };
  }
  if (items.length > MAX_LIST_ITEMS) {
    return {
      field: ["value"],
      message: `Value has ${items.length} items; lists hold at most ${MAX_LIST_ITEMS}.`,
      code: "LESS_THAN_OR_EQUAL_TO",
    };
  }
  for (const [index, item] of items.entries()) {
    const text = typeof item === "string" ? item : JSON.stringify(item);
    const problem = scalarProblem(baseType, text, shopCurrency);
    if (problem) return { field: ["value"], message: `Item ${index}: ${problem}`, code: "INVALID_VALUE" };
  }
  return null;
}

/** Metafield.jsonValue: the value as JSON (numbers, booleans, parsed JSON and lists; text otherwise). */
export function metafieldJsonValue(type: string, value: string): unknown {
  if (type === "boolean") return value === "true";
  if (type === "number_integer") return Number(value);
  if (type === "json" || type.startsWith("list.") || JSON_OBJECT_TYPES.has(type)) {
    try {
      return JSON.parse(value);
    } catch {
      return value;
    }
  }
  return value;
}

/** Metafield.compareDigest: changes whenever the stored value or type changes. */
export function metafieldDigest(type: string, value: string): string {
  return createHash("sha256").update(`${type}\n${value}`).digest("hex");
}

/** The GIDs a reference metafield points at (single or list). */
export function referencedGids(type: string, value: string): string[] {
  const baseType = type.startsWith("list.") ? type.slice("list.".length) : type;
  if (!REFERENCE_TYPES[baseType]) return [];
  if (!type.startsWith("list.")) return [value];
  try {
    const items: unknown = JSON.parse(value);
    return Array.isArray(items) ? items.filter((item): item is string => typeof item === "string") : [];
  } catch {
    return [];
  }
}
