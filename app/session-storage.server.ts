// The app's Shopify session storage: Prisma's, behind a short-lived in-process cache of loaded sessions.
//
// Every webhook is authenticated by the library, which loads the shop's offline session after checking
// the HMAC: one database read per delivery, the largest part of answering an orders/create at hundreds
// per second. A loaded session (or its absence) is kept for a second. Writes through this storage and
// `forgetCachedSessions` (for the app's own deletes, on uninstall and shop/redact) drop it at once on
// this instance; another instance may serve the old session for at most the second, which changes
// nothing for webhooks (Shopify signs them whatever our session holds) and little for the admin, whose
// requests refresh tokens through this storage.
import { Session } from "@shopify/shopify-api";
import type { SessionStorage } from "@shopify/shopify-app-session-storage";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import db from "./db.server";

export const SESSION_CACHE_MS = 1000;

interface Cached {
  session: Session | undefined;
  until: number;
}

export class CachedSessionStorage implements SessionStorage {
  private readonly cache = new Map<string, Cached>();

  constructor(
    private readonly storage: SessionStorage,
    private readonly ttlMs = SESSION_CACHE_MS,
    private readonly now: () => number = Date.now,
  ) {}

  async loadSession(id: string): Promise<Session | undefined> {
    const cached = this.cache.get(id);
    if (cached && cached.until > this.now()) return copy(cached.session);
    const session = await this.storage.loadSession(id);
    this.cache.set(id, { session: copy(session), until: this.now() + this.ttlMs });
    return session;
  }

  async storeSession(session: Session): Promise<boolean> {
    this.cache.delete(session.id);
    return this.storage.storeSession(session);
  }

  async deleteSession(id: string): Promise<boolean> {
    this.cache.delete(id);
    return this.storage.deleteSession(id);
  }

  async deleteSessions(ids: string[]): Promise<boolean> {
    for (const id of ids) this.cache.delete(id);
    return this.storage.deleteSessions(ids);
  }

  findSessionsByShop(shop: string): Promise<Session[]> {
    return this.storage.findSessionsByShop(shop);
  }

  /** Drops the shop's cached sessions, after deleting or changing them other than through this storage. */
  forgetShop(shop: string) {
    for (const [id, cached] of this.cache)
      if (id.includes(shop) || cached.session?.shop === shop) this.cache.delete(id);
  }
}

// Callers may change the session they are given (the library refreshes tokens on it): each gets its own.
const copy = (session: Session | undefined) => (session ? new Session(session.toObject()) : undefined);

export const sessionStorage = new CachedSessionStorage(new PrismaSessionStorage(db));

export const forgetCachedSessions = (shop: string) => sessionStorage.forgetShop(shop);
