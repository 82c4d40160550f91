import { describe, expect, it } from "vitest";
import {
  adminRequest,
  describeUserErrors,
  ShopifyRequestError,
  throttleDelayMs,
  type AdminGraphql,
} from "../../app/services/admin-graphql.server";

const throttled = {
  errors: [{ message: "Throttled", extensions: { code: "THROTTLED" } }],
  extensions: {
    cost: {
      requestedQueryCost: 202,
      actualQueryCost: null,
      throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 2, restoreRate: 100 },
    },
  },
};

/** An Admin client answering with the given bodies in turn (or throwing what is given). */
function scripted(answers: unknown[]) {
  const sent: Array<{ query: string; variables?: Record<string, unknown> }> = [];
  const admin: AdminGraphql = {
    graphql: async (query, options) => {
      sent.push({ query, variables: options?.variables });
      const answer = answers.shift();
      if (answer instanceof Error || (answer as { thrown?: boolean })?.thrown) throw answer;
      return Response.json(answer);
    },
  };
  return { admin, sent };
}

describe("adminRequest", () => {
  it("returns the data of a successful answer", async () => {
    const { admin, sent } = scripted([{ data: { shop: { currencyCode: "USD" } } }]);
    expect(await adminRequest(admin, "query AttachShop { shop { currencyCode } }", { a: 1 })).toEqual({
      shop: { currencyCode: "USD" },
    });
    expect(sent).toEqual([{ query: "query AttachShop { shop { currencyCode } }", variables: { a: 1 } }]);
  });

  it("waits out Shopify's cost throttle as long as the throttle status says, then retries", async () => {
    const waits: number[] = [];
    const { admin, sent } = scripted([throttled, throttled, { data: { ok: true } }]);
    const data = await adminRequest(admin, "query Q { shop { id } }", undefined, {
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    expect(data).toEqual({ ok: true });
    expect(sent).toHaveLength(3);
    // 200 points missing at 100 points a second.
    expect(waits).toEqual([2000, 2000]);
  });

  it("retries what the Shopify library throws when throttled (a THROTTLED GraphQL error or HTTP 429)", async () => {
    const graphqlError = Object.assign(new Error("Throttled"), {
      thrown: true,
      body: { errors: { graphQLErrors: throttled.errors }, extensions: throttled.extensions },
    });
    const httpThrottle = Object.assign(new Error("Too many requests"), {
      thrown: true,
      response: { code: 429, retryAfter: 3 },
    });
    const waits: number[] = [];
    const { admin } = scripted([graphqlError, httpThrottle, { data: { ok: 1 } }]);
    await adminRequest(admin, "query Q { shop { id } }", undefined, { sleep: async (ms) => void waits.push(ms) });
    expect(waits).toEqual([2000, 3000]);
  });

  it("gives up after the last attempt with a message for the merchant", async () => {
    const { admin } = scripted([throttled, throttled]);
    await expect(
      adminRequest(admin, "query Q { shop { id } }", undefined, { maxAttempts: 2, sleep: async () => {} }),
    ).rejects.toThrow(
      new ShopifyRequestError("Shopify is busy (too many requests from the app); try again in a minute"),
    );
  });

  it("turns GraphQL errors into a ShopifyRequestError without retrying, and lets thrown Responses through", async () => {
    const { admin, sent } = scripted([{ errors: [{ message: "Field 'nope' doesn't exist on type 'Shop'" }] }]);
    await expect(adminRequest(admin, "query Q { shop { nope } }")).rejects.toThrow(
      "Shopify refused the request: Field 'nope' doesn't exist on type 'Shop'",
    );
    expect(sent).toHaveLength(1);
    const reauthorize = new Response(null, { status: 401 });
    const throwing: AdminGraphql = {
      graphql: async () => {
        throw reauthorize;
      },
    };
    await expect(adminRequest(throwing, "query Q { shop { id } }")).rejects.toBe(reauthorize);
  });
});

describe("throttleDelayMs", () => {
  it("is null for an answer that was not throttled and at least half a second otherwise", () => {
    expect(throttleDelayMs({ errors: [{ message: "Bad" }] })).toBeNull();
    expect(throttleDelayMs({ errors: throttled.errors })).toBe(1000);
    expect(
      throttleDelayMs({
        errors: throttled.errors,
        extensions: { cost: { requestedQueryCost: 10, throttleStatus: { currentlyAvailable: 9, restoreRate: 100 } } },
      }),
    ).toBe(500);
  });
});

describe("describeUserErrors", () => {
  it("joins the messages, or says null when there are none", () => {
    expect(describeUserErrors([])).toBeNull();
    expect(describeUserErrors(null)).toBeNull();
    expect(describeUserErrors([{ field: ["a"], message: "One" }, { message: "Two" }])).toBe("One; Two");
  });
});
