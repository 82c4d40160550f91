// The malformed and hostile inputs every public entry point is fed (test/db/hostile-input.test.ts):
// strings that are data to us but code somewhere else, sizes and depths no client sends, numbers JSON
// cannot carry or JavaScript rounds, and bytes that are not UTF-8.

/** One megabyte of text. */
export const HUGE_STRING = "x".repeat(1024 * 1024);

/** Text that is code in SQL, HTML, Liquid or JavaScript, or is otherwise unusual; all of it is plain data to the app. */
export const HOSTILE_STRINGS: Record<string, string> = {
  "SQL injection": `'; DROP TABLE "Bundle"; --`,
  "SQL tautology": `1' OR '1'='1`,
  "HTML script": "<script>alert(1)</script>",
  "HTML attribute": `"><img src=x onerror=alert(1)>`,
  "Liquid output and tags": "{{ shop.name }}{% comment %}{% render 'x' %}",
  "NUL character": "a\u0000b",
  "lone surrogate": "\ud800",
  "right-to-left override": "\u202Egnp.exe",
  "prototype key": "__proto__",
  "huge (1 MB)": HUGE_STRING,
};

/** Number-like text: negative, not a number, infinite, past a double's range, past 2^53, exponent forms. */
export const HOSTILE_NUMBER_TEXTS: Record<string, string> = {
  negative: "-1",
  "not a number": "NaN",
  infinity: "Infinity",
  "past a double (1e309)": "1e309",
  "past 2^53": "9007199254740993",
  exponent: "1e3",
  hexadecimal: "0x10",
  "negative zero": "-0",
};

/** Numbers as JSON values can be (1e309 parses to Infinity). */
export const HOSTILE_JSON_NUMBERS: Record<string, number> = {
  negative: -1,
  fraction: 1.5,
  "past 2^53": 2 ** 53 + 2,
  "past a double (1e309)": Number.POSITIVE_INFINITY,
  zero: 0,
};

/** JSON text nested `levels` deep: {"a":{"a":…1…}}. */
export function deepJson(levels: number, key = "a"): string {
  return `{"${key}":`.repeat(levels) + "1" + "}".repeat(levels);
}

/** A JSON array nested `levels` deep: [[[…]]]. */
export function deepJsonArray(levels: number): string {
  return "[".repeat(levels) + "]".repeat(levels);
}

export const DEEP_LEVELS = 10_000;

/** Bodies no JSON parser accepts, as text. */
export const MALFORMED_JSON_TEXTS: Record<string, string> = {
  empty: "",
  truncated: '{"id": 1, "line_items": [',
  "NaN literal": '{"id": NaN}',
  "Infinity literal": '{"id": Infinity}',
  "single quotes": "{'id': 1}",
  "trailing comma": '{"id": 1,}',
  "deep nesting, unclosed": "[".repeat(DEEP_LEVELS),
};

/** Bytes that are not UTF-8: a lone continuation byte, an overlong "/", bytes never used, a truncated sequence. */
export const INVALID_UTF8: Record<string, Uint8Array> = {
  "lone continuation byte": Uint8Array.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0x80, 0x22, 0x7d]),
  "overlong encoding": Uint8Array.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc0, 0xaf, 0x22, 0x7d]),
  "0xFF 0xFE": Uint8Array.from([0xff, 0xfe, 0x7b, 0x7d]),
  "truncated sequence": Uint8Array.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xe2, 0x82, 0x22, 0x7d]),
};

/** Ids no shop has: made up, another shop's shape, and injection text where an id goes. */
export const UNKNOWN_IDS = [
  "gid://shopify/Product/999999999",
  "does-not-exist",
  "cl000000000000000000000000",
  `1 OR 1=1`,
  "../../etc/passwd",
  "with\u0000NUL",
];
