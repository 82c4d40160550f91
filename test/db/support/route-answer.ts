// What a route answered, as a client would see it: the status, and the body (a Response's text, or the
// data a loader or action returned). A thrown Response is an answer; any other throw is what Remix
// answers 500 with.
import { callRoute } from "./shopify";

export interface RouteAnswer {
  status: number;
  body: unknown;
}

export async function routeAnswer(
  handler: (args: never) => Promise<unknown>,
  request: Request,
  params: Record<string, string> = {},
): Promise<RouteAnswer> {
  let result: unknown;
  try {
    result = await callRoute(handler, request, params);
  } catch (error) {
    return { status: 500, body: String(error) };
  }
  if (result instanceof Response) return { status: result.status, body: await result.text() };
  const withInit = result as { type?: string; data?: unknown; init?: { status?: number } | null };
  if (withInit?.type === "DataWithResponseInit") return { status: withInit.init?.status ?? 200, body: withInit.data };
  return { status: 200, body: result };
}
