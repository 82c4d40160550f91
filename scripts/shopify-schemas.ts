// Where Shopify's real GraphQL schemas are on this machine. They are read, never copied into the project
// (see ../shared/shopify-schemas/SOURCES.md): beside the checkout in ../shared/shopify-schemas, at this
// workplace's shared folder, or wherever SHOPIFY_SCHEMAS_DIR points.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export function shopifySchemaPath(file: string): string {
  const dirs = [
    process.env.SHOPIFY_SCHEMAS_DIR,
    path.resolve(projectRoot, "..", "shared", "shopify-schemas"),
    "/work/shared/shopify-schemas",
  ].filter((dir): dir is string => Boolean(dir));
  for (const dir of dirs) {
    const candidate = path.join(dir, file);
    if (fs.existsSync(candidate)) return candidate;
  }
  throw new Error(
    `Shopify's schema ${file} was not found in ${dirs.join(", ")}; set SHOPIFY_SCHEMAS_DIR to its folder.`,
  );
}
