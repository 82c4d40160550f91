import { flatRoutes } from "@remix-run/fs-routes";

// Flat routes named by URL, as in Shopify's app template (v3_routeConfig).
export default flatRoutes();
