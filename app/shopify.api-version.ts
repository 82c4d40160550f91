import { ApiVersion } from "@shopify/shopify-api";

// The ONE Admin API version Attach speaks. shopify.app.toml ([webhooks] api_version) and the GraphQL
// codegen use the same string; test/unit/api-version.test.ts fails if they drift.
// 2026-04: supported by @shopify/shopify-api 13 and the same version as our discount Function's API.
export const ADMIN_API_VERSION = ApiVersion.April26;
