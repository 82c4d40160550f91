// Token buckets in this process's memory: each key (a shop, a client) holds up to `capacity` tokens,
// refilled continuously at `refillPerSecond`; a request takes one or is refused with the seconds to wait.
//
// The limit is per app instance: with N instances behind a load balancer a key gets up to N times the
// rate. A global limit needs a shared store — the same buckets in Redis (one EVAL of a small Lua script
// per request, or a library such as rate-limiter-flexible) — at the cost of a network round trip per
// request. Memory is bounded by `maxKeys`: past it, the least recently used key is forgotten (it comes
// back with a full bucket).

export interface TokenBucketOptions {
  capacity: number;
  refillPerSecond: number;
  /** Keys kept at most (default 10,000). */
  maxKeys?: number;
  /** Milliseconds clock, for tests. */
  now?: () => number;
}

export type Allowance = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export class TokenBuckets {
  readonly capacity: number;
  readonly refillPerSecond: number;
  private readonly maxKeys: number;
  private readonly now: () => number;
  // Map order is recency order: a key is moved to the end whenever it is used.
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor({ capacity, refillPerSecond, maxKeys = 10_000, now = () => Date.now() }: TokenBucketOptions) {
    if (!(capacity >= 1) || !(refillPerSecond > 0)) throw new Error("A token bucket needs capacity ≥ 1 and a refill");
    this.capacity = capacity;
    this.refillPerSecond = refillPerSecond;
    this.maxKeys = maxKeys;
    this.now = now;
  }

  /** Takes `cost` tokens from `key`'s bucket if it has them. */
  take(key: string, cost = 1): Allowance {
    const now = this.now();
    const bucket = this.buckets.get(key);
    const elapsedSeconds = bucket ? Math.max(0, now - bucket.at) / 1000 : 0;
    const tokens = bucket
      ? Math.min(this.capacity, bucket.tokens + elapsedSeconds * this.refillPerSecond)
      : this.capacity;
    this.buckets.delete(key);
    if (tokens >= cost) {
      this.remember(key, { tokens: tokens - cost, at: now });
      return { allowed: true };
    }
    this.remember(key, { tokens, at: now });
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((cost - tokens) / this.refillPerSecond)) };
  }

  /** Forgets every key. */
  reset() {
    this.buckets.clear();
  }

  private remember(key: string, bucket: { tokens: number; at: number }) {
    this.buckets.set(key, bucket);
    if (this.buckets.size > this.maxKeys) this.buckets.delete(this.buckets.keys().next().value!);
  }
}
