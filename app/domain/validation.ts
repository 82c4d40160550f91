// Validation results shared by the domain: errors are keyed by form field ("parts[1].quantity")
// and worded for the merchant, so routes can show them next to the input that caused them.
import type { z } from "zod";

export type FieldError = { field: string; message: string };

export type Result<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

/** Field name for errors about the input as a whole (not one field). */
export const FORM_FIELD = "form";

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T = never>(errors: FieldError[]): Result<T> {
  return { ok: false, errors };
}

/** ["parts", 1, "quantity"] → "parts[1].quantity"; [] → "form". */
export function fieldName(path: readonly PropertyKey[]): string {
  let name = "";
  for (const segment of path) {
    if (typeof segment === "number") name += `[${segment}]`;
    else name += `${name === "" ? "" : "."}${typeof segment === "symbol" ? (segment.description ?? "") : segment}`;
  }
  return name === "" ? FORM_FIELD : name;
}

/** One FieldError per distinct (field, message) pair, in the order zod reported them. */
export function fieldErrorsFromZod(error: z.ZodError): FieldError[] {
  const errors = error.issues.map((issue) => ({
    field: fieldName(issue.path),
    message: issue.message,
  }));
  return dedupeFieldErrors(errors);
}

export function dedupeFieldErrors(errors: readonly FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const key = `${e.field}\u0000${e.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Runs a zod schema without throwing and returns field errors instead of a ZodError. */
export function parseWith<T>(schema: z.ZodType<T>, input: unknown): Result<T> {
  const parsed = schema.safeParse(input);
  return parsed.success ? ok(parsed.data) : fail(fieldErrorsFromZod(parsed.error));
}

/** First message per field, for showing one error under each input. */
export function firstErrorByField(errors: readonly FieldError[]): Record<string, string> {
  const byField: Record<string, string> = {};
  for (const { field, message } of errors) byField[field] ??= message;
  return byField;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Indexes of list items whose key (a string) already appeared earlier in the list. */
export function duplicateIndexes(list: unknown, keyOf: (item: unknown) => unknown): number[] {
  if (!Array.isArray(list)) return [];
  const seen = new Set<string>();
  const duplicates: number[] = [];
  list.forEach((item: unknown, i) => {
    const key = keyOf(item);
    if (typeof key !== "string") return;
    if (seen.has(key)) duplicates.push(i);
    else seen.add(key);
  });
  return duplicates;
}

/** The first few errors as one line ("customer.id: Expected …; orders_to_redact[0]: …"), for plain-text answers and logs. */
export function describeFieldErrors(errors: readonly FieldError[], max = 3): string {
  return errors
    .slice(0, max)
    .map((error) => `${error.field}: ${error.message}`)
    .join("; ");
}

/**
 * Whether text is free of control characters (U+0000–U+001F, U+007F–U+009F): invisible in the admin and
 * on the storefront, and PostgreSQL cannot store U+0000 in text at all. For one-line fields (titles, headings).
 */
export function hasNoControlCharacters(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || (code >= 0x7f && code < 0xa0)) return false;
  }
  return true;
}

/**
 * Whether text could be one of our record ids (cuids: letters and digits). Anything else names no record,
 * so a route answers "not found" without a query — and text such as U+0000, which PostgreSQL refuses even
 * in a WHERE clause, never reaches the database.
 */
export function isRecordId(text: string): boolean {
  return /^[A-Za-z0-9_-]{1,64}$/.test(text);
}
