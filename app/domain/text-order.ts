// Two orders of text. `compareText`: by UTF-16 code units, the same in every process and locale, for keys
// (rows written in key order lock in the same order in every transaction). `titleOrder`: the locale's
// order, for what merchants read; one collator for every comparison, as `localeCompare` builds one a call.
export const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export const titleOrder = new Intl.Collator();
