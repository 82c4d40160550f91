import { describe, expect, it } from "vitest";
import { TokenBuckets } from "../../app/services/rate-limit.server";

function clock(start = 0) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe("TokenBuckets", () => {
  it("allows a burst of its capacity, then refuses with the seconds until the next token", () => {
    const time = clock();
    const buckets = new TokenBuckets({ capacity: 3, refillPerSecond: 0.5, now: time.now });
    expect([1, 2, 3].map(() => buckets.take("a").allowed)).toEqual([true, true, true]);
    expect(buckets.take("a")).toEqual({ allowed: false, retryAfterSeconds: 2 });
    time.advance(1_000);
    expect(buckets.take("a")).toEqual({ allowed: false, retryAfterSeconds: 1 });
    time.advance(1_000);
    expect(buckets.take("a").allowed).toBe(true);
    expect(buckets.take("a").allowed).toBe(false);
  });

  it("refills at its rate up to its capacity, never beyond", () => {
    const time = clock();
    const buckets = new TokenBuckets({ capacity: 2, refillPerSecond: 10, now: time.now });
    buckets.take("a", 2);
    time.advance(60_000);
    expect(buckets.take("a", 2).allowed).toBe(true);
    expect(buckets.take("a").allowed).toBe(false);
  });

  it("keeps one bucket per key", () => {
    const buckets = new TokenBuckets({ capacity: 1, refillPerSecond: 1, now: clock().now });
    expect(buckets.take("a").allowed).toBe(true);
    expect(buckets.take("a").allowed).toBe(false);
    expect(buckets.take("b").allowed).toBe(true);
  });

  it("forgets the least recently used key past maxKeys, so memory stays bounded", () => {
    const buckets = new TokenBuckets({ capacity: 1, refillPerSecond: 1, maxKeys: 2, now: clock().now });
    buckets.take("a");
    buckets.take("b");
    buckets.take("a");
    buckets.take("c");
    // "a" was used more recently than "b" and is still empty; "b" was forgotten and is full again.
    expect(buckets.take("a").allowed).toBe(false);
    expect(buckets.take("b").allowed).toBe(true);
  });

  it("starts again from full after reset", () => {
    const buckets = new TokenBuckets({ capacity: 1, refillPerSecond: 1, now: clock().now });
    buckets.take("a");
    buckets.reset();
    expect(buckets.take("a").allowed).toBe(true);
  });
});
