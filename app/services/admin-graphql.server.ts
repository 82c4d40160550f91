// Sends the app's Admin GraphQL documents (app/graphql) and reads the answers. GraphQL errors become a
// ShopifyRequestError worded for merchants; Shopify's cost throttle (a THROTTLED error, or HTTP 429) is
// waited out and the request retried, as the throttle status says (https://shopify.dev/docs/api/usage/rate-limits).
import { isRecord } from "../domain/validation";

/** The part of the Admin API context (`authenticate.admin(request).admin`) the services use. */
export interface AdminGraphql {
  graphql(query: string, options?: { variables?: Record<string, unknown> }): Promise<Response>;
}

/** Shopify did not do what was asked; `message` is written for the merchant. */
export class ShopifyRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ShopifyRequestError";
  }
}

export interface AdminRequestOptions {
  /** How to wait before a retry (tests pass a fake). */
  sleep?: (ms: number) => Promise<void>;
  /** Attempts in all, the first included. */
  maxAttempts?: number;
}

interface GraphqlError {
  message?: string;
  extensions?: { code?: string };
}

interface GraphqlBody {
  data?: unknown;
  errors?: GraphqlError[];
  extensions?: unknown;
  /** Seconds to wait, from an HTTP 429's Retry-After. */
  retryAfter?: number;
}

const DEFAULT_ATTEMPTS = 5;
const MIN_WAIT_MS = 500;
const MAX_WAIT_MS = 20_000;

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * How long to wait before retrying a throttled request, or null when it was not throttled. With the
 * throttle status: the time for the bucket to refill enough for the query's cost at its restore rate.
 */
export function throttleDelayMs(body: GraphqlBody): number | null {
  if (body.retryAfter !== undefined) return clampWait(body.retryAfter * 1000);
  const throttled = (body.errors ?? []).some((e) => e.extensions?.code === "THROTTLED");
  if (!throttled) return null;
  const cost = isRecord(body.extensions) && isRecord(body.extensions.cost) ? body.extensions.cost : null;
  const status = cost && isRecord(cost.throttleStatus) ? cost.throttleStatus : null;
  const requested = typeof cost?.requestedQueryCost === "number" ? cost.requestedQueryCost : null;
  const available = typeof status?.currentlyAvailable === "number" ? status.currentlyAvailable : null;
  const restoreRate = typeof status?.restoreRate === "number" && status.restoreRate > 0 ? status.restoreRate : null;
  if (requested === null || available === null || restoreRate === null) return 1000;
  return clampWait(((requested - available) / restoreRate) * 1000);
}

function clampWait(ms: number): number {
  return Math.min(MAX_WAIT_MS, Math.max(MIN_WAIT_MS, Math.ceil(ms)));
}

/** The body of an error thrown by the Shopify library's client (GraphqlQueryError, HttpThrottlingError). */
function bodyOfThrown(error: unknown): GraphqlBody | null {
  if (!isRecord(error)) return null;
  const { body, response } = error;
  if (isRecord(body) && isRecord(body.errors) && Array.isArray(body.errors.graphQLErrors)) {
    return { data: body.data, errors: body.errors.graphQLErrors as GraphqlError[], extensions: body.extensions };
  }
  if (isRecord(response) && response.code === 429) {
    return { errors: [], retryAfter: typeof response.retryAfter === "number" ? response.retryAfter : 1 };
  }
  return null;
}

/** Runs one document; returns its data or throws ShopifyRequestError. Responses the library throws pass through. */
export async function adminRequest<T>(
  admin: AdminGraphql,
  document: string,
  variables?: Record<string, unknown>,
  options: AdminRequestOptions = {},
): Promise<T> {
  const sleep = options.sleep ?? realSleep;
  const maxAttempts = options.maxAttempts ?? DEFAULT_ATTEMPTS;
  for (let attempt = 1; ; attempt++) {
    let body: GraphqlBody;
    try {
      const response = await admin.graphql(document, variables ? { variables } : undefined);
      body = (await response.json()) as GraphqlBody;
    } catch (error) {
      // The library throws a Response to re-authenticate (e.g. a revoked token): let Remix handle it.
      if (error instanceof Response) throw error;
      const thrown = bodyOfThrown(error);
      if (!thrown) {
        throw new ShopifyRequestError(`Shopify could not be reached (${(error as Error).message ?? String(error)})`);
      }
      body = thrown;
    }
    if (!body.errors?.length && body.retryAfter === undefined && body.data !== undefined) return body.data as T;
    const delay = throttleDelayMs(body);
    if (delay !== null) {
      if (attempt >= maxAttempts) {
        throw new ShopifyRequestError("Shopify is busy (too many requests from the app); try again in a minute");
      }
      await sleep(delay);
      continue;
    }
    const messages = (body.errors ?? []).map((e) => e.message).filter(Boolean);
    throw new ShopifyRequestError(`Shopify refused the request: ${messages.join("; ") || "no data in the answer"}`);
  }
}

/** "metafields.0.value: Value is invalid JSON" — userErrors as one line, or null when there are none. */
export function describeUserErrors(
  userErrors: ReadonlyArray<{ field?: readonly string[] | null; message: string }> | null | undefined,
): string | null {
  if (!userErrors || userErrors.length === 0) return null;
  return userErrors.map((e) => e.message).join("; ");
}
