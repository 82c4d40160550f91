// The bundle editor's live price preview (a resource route): prices, saving and margins from Shopify's
// current prices and unit costs, for the form as the merchant has filled it in so far.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { parseBundleForm } from "../domain/bundle-form";
import { previewBundle } from "../services/bundles.server";
import { authenticate } from "../shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session, admin } = await authenticate.admin(request);
  let fields: unknown = {};
  try {
    fields = JSON.parse(new URL(request.url).searchParams.get("form") ?? "{}");
  } catch {
    // An unreadable form previews as an empty one.
  }
  const form = parseBundleForm(fields);
  if (!form.ok) return { preview: null, errors: form.errors };
  return { preview: await previewBundle({ shop: session.shop, admin }, form.value), errors: [] };
};
