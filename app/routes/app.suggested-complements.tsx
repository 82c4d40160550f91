// The suggested complements of one product, as data for the pairing editor's "Suggested complements"
// (app/components/pairings/SuggestedComplements.tsx): same ranking and exclusions as the Suggestions page.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { PRODUCT_ID_MESSAGE, productGid } from "../domain/shopify-id";
import { suggestedComplements } from "../services/suggestions.server";
import { authenticate } from "../shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session, admin } = await authenticate.admin(request);
  const anchor = productGid.safeParse(new URL(request.url).searchParams.get("anchor"));
  if (!anchor.success) return data({ suggestions: [], error: `anchor: ${PRODUCT_ID_MESSAGE}` }, { status: 400 });
  return { suggestions: await suggestedComplements({ shop: session.shop, admin }, anchor.data), error: null };
};
