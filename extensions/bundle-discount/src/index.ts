// The Shopify CLI builds the Function from this file: each target's `export` in
// shopify.extension.toml ("cart-lines-discounts-generate-run") names the camelCase export here.
export { cartLinesDiscountsGenerateRun } from "./cart_lines_discounts_generate_run";
