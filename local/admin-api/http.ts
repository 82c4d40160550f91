// The emulator's HTTP face, as Fetch API handlers (Node 20 globals):
//   POST /admin/api/<version>/graphql.json   Admin GraphQL (X-Shopify-Access-Token required)
//   GET  /bulk/<id>.jsonl                    a completed bulk operation's result (unauthenticated, like
//                                            Shopify's signed download URLs)
//   POST /admin/oauth/access_token           token exchange (session token → offline access token)
// Anything else is a 404.
import { createHmac, timingSafeEqual } from "node:crypto";
import { executeAdminGraphQL } from "./execute";
import { type ShopStore, parseGid } from "./store";

export interface TokenExchangeOptions {
  /** The app's API key and secret: when given, requests must carry them and session tokens are verified. */
  clientId?: string;
  clientSecret?: string;
  /** The offline access token to hand out, and its scopes (comma-separated, as Shopify returns them). */
  accessToken: string;
  scope: string;
}

export interface AdminApiHandlerOptions {
  /** When set, only this Admin API version is served (others get a 404 and a log line). */
  apiVersion?: string;
  /** Accepts or rejects an X-Shopify-Access-Token. Default: the token exchange's token, or any non-empty token. */
  accessTokens?: (token: string) => boolean;
  tokenExchange?: TokenExchangeOptions;
  /** Where contract failures go. Default: console.error (stderr). */
  log?: (message: string) => void;
}

const INVALID_TOKEN = "[API] Invalid API key or access token (unrecognized login or wrong password)";
const TOKEN_EXCHANGE_GRANT = "urn:ietf:params:oauth:grant-type:token-exchange";
const ID_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:id_token";
const OFFLINE_TOKEN_TYPE = "urn:shopify:params:oauth:token-type:offline-access-token";

function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8", ...headers },
  });
}

const notFound = () => json({ errors: "Not Found" }, 404);

/** Reads a JSON or form-encoded body into string fields; null when it cannot be read. */
async function readFields(request: Request): Promise<Record<string, string> | null> {
  const text = await request.text();
  const type = request.headers.get("Content-Type") ?? "";
  if (type.includes("application/x-www-form-urlencoded")) return Object.fromEntries(new URLSearchParams(text));
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) return null;
    return Object.fromEntries(
      Object.entries(parsed).map(([key, value]) => [key, typeof value === "string" ? value : JSON.stringify(value)]),
    );
  } catch {
    return null;
  }
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Checks an App Bridge session token (HS256 JWT signed with the app secret); returns why it is bad, or null. */
function sessionTokenProblem(token: string, secret: string, clientId: string | undefined, now: Date): string | null {
  const [header, payload, signature] = token.split(".");
  if (!header || !payload || signature === undefined) return "The subject token is not a JWT.";
  const expected = createHmac("sha256", secret).update(`${header}.${payload}`).digest("base64url");
  if (!safeEqual(expected, signature)) return "The subject token's signature is invalid.";
  let claims: { exp?: unknown; nbf?: unknown; aud?: unknown };
  try {
    claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as typeof claims;
  } catch {
    return "The subject token's payload is not JSON.";
  }
  const seconds = now.getTime() / 1000;
  if (typeof claims.exp === "number" && claims.exp < seconds) return "The subject token has expired.";
  if (typeof claims.nbf === "number" && claims.nbf > seconds + 5) return "The subject token is not valid yet.";
  if (clientId !== undefined && claims.aud !== clientId) return "The subject token was issued for another app.";
  return null;
}

async function tokenExchange(request: Request, store: ShopStore, options: AdminApiHandlerOptions): Promise<Response> {
  const exchange = options.tokenExchange;
  const oauthError = (error: string, description: string, status = 400) => {
    options.log?.(`[shopify-emulator] token exchange refused: ${description}`);
    return json({ error, error_description: description }, status);
  };
  if (!exchange) return oauthError("unsupported_grant_type", "The local Shopify emulator was given no token to issue.");
  const fields = await readFields(request);
  if (!fields) return oauthError("invalid_request", "The request body must be JSON or form-encoded.");
  if (fields.grant_type !== TOKEN_EXCHANGE_GRANT) {
    return oauthError("unsupported_grant_type", `The local Shopify emulator only supports ${TOKEN_EXCHANGE_GRANT}.`);
  }
  if (exchange.clientId !== undefined && fields.client_id !== exchange.clientId) {
    return oauthError("invalid_client", "Client credentials are invalid.");
  }
  if (exchange.clientSecret !== undefined && !safeEqual(fields.client_secret ?? "", exchange.clientSecret)) {
    return oauthError("invalid_client", "Client credentials are invalid.");
  }
  if (fields.subject_token_type !== undefined && fields.subject_token_type !== ID_TOKEN_TYPE) {
    return oauthError("invalid_request", `subject_token_type must be ${ID_TOKEN_TYPE}.`);
  }
  const subjectToken = fields.subject_token;
  if (!subjectToken) return oauthError("invalid_request", "subject_token is required.");
  if (exchange.clientSecret !== undefined) {
    const problem = sessionTokenProblem(subjectToken, exchange.clientSecret, exchange.clientId, store.now());
    if (problem) return oauthError("invalid_subject_token", problem);
  }
  const requested = fields.requested_token_type ?? OFFLINE_TOKEN_TYPE;
  if (requested !== OFFLINE_TOKEN_TYPE) {
    return oauthError(
      "invalid_request",
      `The local Shopify emulator only issues offline tokens (${OFFLINE_TOKEN_TYPE}).`,
    );
  }
  // A non-expiring offline token: the app's expiring-token refresh flow is not emulated.
  return json({ access_token: exchange.accessToken, scope: exchange.scope });
}

async function graphql(request: Request, store: ShopStore, options: AdminApiHandlerOptions): Promise<Response> {
  let body: { query?: unknown; variables?: unknown; operationName?: unknown } | null;
  const text = await request.text();
  if ((request.headers.get("Content-Type") ?? "").includes("application/graphql")) {
    body = { query: text };
  } else {
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      body = null;
    }
  }
  if (!body || typeof body !== "object" || typeof body.query !== "string") {
    options.log?.("[shopify-emulator] GraphQL request without a query");
    return json({ errors: { query: "Required parameter missing or invalid" } }, 400);
  }
  const variables =
    body.variables !== null && typeof body.variables === "object" ? (body.variables as Record<string, unknown>) : null;
  const result = await executeAdminGraphQL(
    store,
    { query: body.query, variables, operationName: typeof body.operationName === "string" ? body.operationName : null },
    { baseUrl: new URL(request.url).origin, log: options.log },
  );
  return json(result);
}

/** The emulator's request handler for one shop. */
export function adminApiHandler(
  store: ShopStore,
  options: AdminApiHandlerOptions = {},
): (request: Request) => Promise<Response> {
  const log = options.log ?? ((message: string) => console.error(message));
  const settings = { ...options, log };
  const tokenAccepted =
    options.accessTokens ??
    ((token: string) => (options.tokenExchange ? token === options.tokenExchange.accessToken : token.length > 0));

  return async (request) => {
    const { pathname } = new URL(request.url);

    const graphqlPath = /^\/admin\/api\/([^/]+)\/graphql\.json$/.exec(pathname);
    if (graphqlPath) {
      if (request.method !== "POST") return json({ errors: "Method Not Allowed" }, 405, { Allow: "POST" });
      const token = request.headers.get("X-Shopify-Access-Token");
      if (!token || !tokenAccepted(token)) return json({ errors: INVALID_TOKEN }, 401);
      const version = graphqlPath[1] as string;
      if (options.apiVersion !== undefined && version !== options.apiVersion) {
        log(`[shopify-emulator] Admin API version ${version} requested; this emulator serves ${options.apiVersion}`);
        return notFound();
      }
      return graphql(request, store, settings);
    }

    const bulkPath = /^\/bulk\/(\d+)\.jsonl$/.exec(pathname);
    if (bulkPath) {
      if (request.method !== "GET") return json({ errors: "Method Not Allowed" }, 405, { Allow: "GET" });
      const id = parseGid(`gid://shopify/BulkOperation/${bulkPath[1]}`)?.id;
      const operation = id === undefined ? undefined : store.bulkOperation(id);
      if (!operation || operation.status !== "COMPLETED" || operation.resultJsonl === null) return notFound();
      return new Response(operation.resultJsonl, {
        status: 200,
        headers: { "Content-Type": "application/jsonl; charset=utf-8" },
      });
    }

    if (pathname === "/admin/oauth/access_token") {
      if (request.method !== "POST") return json({ errors: "Method Not Allowed" }, 405, { Allow: "POST" });
      return tokenExchange(request, store, settings);
    }

    return notFound();
  };
}
