import type { ActionFunctionArgs } from "@remix-run/node";
import { recordGrantedScopes } from "../services/shop-lifecycle.server";
import { authenticate } from "../shopify.server";

export const action = async ({ request }: ActionFunctionArgs) => {
  const { payload, session } = await authenticate.webhook(request);
  const current = (payload as { current?: unknown }).current;
  if (session && Array.isArray(current)) await recordGrantedScopes(session, current.map(String));
  return new Response();
};
