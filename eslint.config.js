// @ts-check
import js from "@eslint/js";
import prettier from "eslint-config-prettier";
import jsxA11y from "eslint-plugin-jsx-a11y";
import react from "eslint-plugin-react";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: ["build/", "node_modules/", "prisma/generated/", "test/e2e/artifacts/", "extensions/*/dist/", "coverage/"],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "no-console": ["error", { allow: ["warn", "error", "log"] }],
    },
  },
  {
    files: ["app/**/*.tsx"],
    plugins: { react, "react-hooks": reactHooks, "jsx-a11y": jsxA11y },
    settings: { react: { version: "detect" } },
    rules: {
      ...react.configs.recommended.rules,
      ...react.configs["jsx-runtime"].rules,
      ...reactHooks.configs.recommended.rules,
      ...jsxA11y.configs.recommended.rules,
    },
  },
  {
    // The domain core is pure: no framework, database or Shopify library imports.
    files: ["app/domain/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@remix-run/*", "@shopify/*", "@prisma/*", "prisma", "pg", "better-sqlite3", "node:*"],
              message: "app/domain is pure: no I/O or framework imports.",
            },
            {
              group: ["**/*.server", "../services/*", "../routes/*", "../db.server"],
              message: "app/domain is pure: it must not import services, routes or the database.",
            },
          ],
        },
      ],
    },
  },
  {
    // The local Shopify emulator is for local mode and tests only: production code never imports it.
    files: ["app/**/*.{ts,tsx}", "extensions/**/*.{ts,tsx,js}"],
    ignores: ["app/domain/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["**/local/*", "**/local"],
              message: "local/ (the Shopify emulator) is for local mode and tests only.",
            },
          ],
        },
      ],
    },
  },
  prettier,
);
