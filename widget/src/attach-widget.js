// <attach-widget>: progressive enhancement of the server-rendered Attach blocks
// (extensions/attach-widget/blocks/*.liquid); without it each offer's form still posts to /cart/add.
// Live totals (the discount Function's arithmetic), adds via /cart/add.js + Section Rendering API,
// batched beacons: docs/storefront-widget.md.
//
// This is the source: `npm run build:widget` minifies it into extensions/attach-widget/assets/attach-widget.js,
// the file the blocks load (Theme Check counts its raw bytes against 10,000; a test keeps the two in step).
/* global PUB_SUB_EVENTS */
(() => {
  if (!window.customElements || customElements.get("attach-widget")) return;

  const root = window.Shopify?.routes?.root || "/";
  // The drawers of the common themes: Dawn's <cart-drawer> (its contents), then the usual ids.
  const DRAWER = "cart-drawer .drawer__inner, cart-drawer, #CartDrawer, #cart-drawer";
  const queue = [];
  const seen = new Set();
  let timer = 0;
  // Each event's key: a random id of this page view and the event's number in it. The app stores a key
  // once, so a beacon that arrives twice counts once (OfferEvent is unique per shop and key).
  const view = Math.random().toString(36).slice(2) + Date.now().toString(36);
  let sequence = 0;

  // A beacon never blocks the page; a missing endpoint or a failure never reaches the shopper. At most
  // 50 events a beacon: browsers refuse beacons past 64 KB pending per page (WIDGET_EVENTS_PER_BEACON in
  // app/domain/offer-events.ts; the app itself takes up to 1,000).
  const flush = () => {
    clearTimeout(timer);
    while (queue.length) {
      try {
        navigator.sendBeacon("/apps/attach/events", JSON.stringify({ v: 1, events: queue.splice(0, 50) }));
      } catch {
        // dropped: analytics must never break shopping
      }
    }
  };
  const track = (type, offer) => {
    const widget = offer?.closest("attach-widget");
    if (!widget) return;
    const { page, product } = widget.dataset;
    const key = view + "." + ++sequence;
    queue.push({ key, type, offer: offer.dataset.offer, page, product: Number(product) || null, at: Date.now() });
    clearTimeout(timer);
    timer = setTimeout(flush, 2000);
  };
  addEventListener("pagehide", flush);
  document.addEventListener("visibilitychange", () => document.hidden && flush());

  // Impressions: once per offer and page view, when half of it is on screen.
  const observer =
    window.IntersectionObserver &&
    new IntersectionObserver(
      (entries) => {
        for (const { isIntersecting, target } of entries) {
          const key = target.dataset.offer + target.closest("attach-widget").dataset.page;
          if (!isIntersecting || seen.has(key)) continue;
          seen.add(key);
          observer.unobserve(target);
          track("impression", target);
        }
      },
      { threshold: 0.5 },
    );

  // Writes hundredths in the shop's money format, learnt from a rendered sample of 1,234,567.89.
  const moneyFormat = (sample) => {
    const number = /\d[\d.,'\s]*\d/.exec(sample);
    if (!number) return (cents) => (cents / 100).toFixed(2);
    const digits = number[0];
    const decimal = /[.,]89$/.test(digits) ? digits.at(-3) : "";
    const separators = digits.replace(/\d/g, "");
    const group = separators.length > (decimal ? 1 : 0) ? separators[0] : "";
    const [before, after] = [sample.slice(0, number.index), sample.slice(number.index + digits.length)];
    return (cents) => {
      const whole = String(decimal ? Math.floor(cents / 100) : Math.round(cents / 100));
      const fraction = decimal ? decimal + String(cents % 100).padStart(2, "0") : "";
      return before + whole.replace(/\B(?=(\d{3})+(?!\d))/g, group) + fraction + after;
    };
  };

  const rowsOf = (offer) =>
    [...offer.querySelectorAll("[data-row]")].map((row) => {
      const quantity = row.querySelector("[data-qty]");
      const variant = row.querySelector("[data-variant]");
      return {
        row,
        on: quantity.type !== "checkbox" || quantity.checked,
        quantity: Number(quantity.value),
        id: Number(variant.value),
        price: Number((variant.selectedOptions?.[0] || variant).dataset.price),
        anchor: row.hasAttribute("data-anchor"),
      };
    });

  class AttachWidget extends HTMLElement {
    connectedCallback() {
      if (this.money) return;
      this.money = moneyFormat(this.querySelector("template[data-money]")?.content.textContent.trim() || "");
      this.addEventListener("change", (event) => this.update(event.target.closest("[data-offer]")));
      this.addEventListener("submit", (event) => this.add(event));
      this.addEventListener("click", (event) => {
        if (event.target.closest("a[href]")) track("click", event.target.closest("[data-offer]"));
      });
      for (const offer of this.querySelectorAll("[data-offer]")) {
        observer?.observe(offer);
        this.update(offer);
      }
    }

    disconnectedCallback() {
      for (const offer of this.querySelectorAll("[data-offer]")) observer?.unobserve(offer);
    }

    // The Function's arithmetic: a bundle saves only as a whole set; a pairing per complement unit while
    // the anchor is ticked or in the cart; percentages round half up in the minor unit (data-unit).
    update(offer) {
      if (!offer) return;
      const { type, kind, value, unit, anchorInCart } = offer.dataset;
      const rows = rowsOf(offer);
      const off = (cents) => Math.floor((Math.floor(cents / unit) * value + 50) / 100) * unit;
      let [total, full, setSaving, saving] = [0, 0, 0, 0];
      let anchor = anchorInCart === "true";
      for (const row of rows) {
        const price = row.price * row.quantity;
        full += price;
        if (row.on) total += price;
        if (row.on && row.anchor) anchor = true;
        const cell = row.row.querySelector("[data-row-price]");
        if (cell) cell.textContent = this.money(price);
      }
      const complete = rows.every((row) => row.on);
      if (value && type === "bundle") {
        if (kind === "percentage") setSaving = off(full);
        else setSaving = kind === "fixed_amount_off" ? Math.min(value, full) : Math.max(0, full - value);
        if (complete) saving = setSaving;
      }
      if (value && type === "pairing" && anchor) {
        for (const row of rows) if (row.on && !row.anchor) saving += off(row.price) * row.quantity;
      }
      const show = (selector, visible, amount) => {
        const element = offer.querySelector(selector);
        if (!element) return;
        if (amount !== undefined) {
          const text = this.money(amount);
          element.textContent = element.dataset.template ? element.dataset.template.replace("[amount]", text) : text;
        }
        element.hidden = !visible;
      };
      show("[data-total]", true, total - saving);
      show("[data-compare-amount]", true, total);
      show("[data-compare]", saving > 0);
      show("[data-saving]", saving > 0, saving);
      show("[data-hint]", !complete && setSaving > 0, setSaving);
    }

    add(event) {
      const form = event.target;
      const offer = form.closest("[data-offer]");
      if (!offer) return;
      event.preventDefault();
      // Themes' own add-to-cart handlers would post the form a second time.
      event.stopPropagation();
      const { tNone, tAdded, tStock, tError, afterAdd, cartUrl } = this.dataset;
      const status = offer.querySelector("[data-status]");
      const say = (element, text) => element && (element.textContent = text);
      const properties = { _attach_offer: offer.dataset.offer };
      const items = rowsOf(offer)
        .filter((row) => row.on && row.quantity > 0)
        .map(({ id, quantity }) => ({ id, quantity, properties }));
      if (!items.length) return say(status, tNone);
      const button = form.querySelector("[type=submit]");
      button.disabled = true;
      button.setAttribute("aria-busy", "true");
      say(status, "");
      fetch(root + "cart/add.js", {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify({ items, sections: this.sections(), sections_url: location.pathname + location.search }),
      })
        .then((response) =>
          response.json().then((body) => {
            if (!response.ok) throw response.status;
            return body;
          }),
        )
        .then((body) => {
          track("add", offer);
          flush();
          if (afterAdd === "cart") return location.assign(cartUrl);
          this.refresh(body.sections);
          // Dawn and its kin re-render their drawer, and open it, as after their own add button (their
          // renderContents throws without both sections).
          if (body.sections?.["cart-drawer"] && body.sections["cart-icon-bubble"]) dawnDrawer()?.renderContents(body);
          const detail = { source: "attach", items: body.items };
          for (const name of ["cart:updated", "cart:refresh"])
            document.dispatchEvent(new CustomEvent(name, { detail }));
          // Dawn and the themes built on it listen on their own pub/sub.
          if (typeof PUB_SUB_EVENTS === "object")
            window.publish?.(PUB_SUB_EVENTS.cartUpdate, { source: "attach", cartData: body });
          if (this.isConnected) return say(status, tAdded);
          // This block was re-rendered with the cart: speak from, and move focus to, its new copy.
          const next = document.getElementById(this.id);
          next?.querySelector(".attach__heading")?.focus();
          say(next?.querySelector("[data-widget-status]"), tAdded);
        })
        .catch((code) => say(status, code === 422 ? tStock : tError))
        .finally(() => {
          button.disabled = false;
          button.removeAttribute("aria-busy");
        });
    }

    // The theme's cart sections on the page (their ids name the cart), Dawn's drawer (which renders
    // itself from its `cart-drawer` section) and, on the cart page, this block's own section; at most
    // five, the Section Rendering API's limit.
    sections() {
      const ids = new Set(document.getElementById("cart-icon-bubble") ? ["cart-icon-bubble"] : []);
      if (dawnDrawer()) ids.add("cart-drawer");
      const own = this.hasAttribute("data-refresh-self") && this.closest(".shopify-section");
      for (const section of document.querySelectorAll(".shopify-section[id^=shopify-section-]")) {
        const id = section.id.slice(16);
        if (/cart/i.test(id) || section === own) ids.add(id);
      }
      return [...ids].slice(0, 5);
    }

    refresh(sections) {
      for (const [id, html] of Object.entries(sections || {})) {
        if (!html) continue;
        const source = new DOMParser().parseFromString(html, "text/html").getElementById("shopify-section-" + id);
        const target = document.getElementById("shopify-section-" + id) || document.getElementById(id);
        if (source && target) target.innerHTML = source.innerHTML;
      }
    }
  }

  customElements.define("attach-widget", AttachWidget);

  // Dawn's drawer (and the themes built on it): a <cart-drawer> whose renderContents(state) takes a
  // /cart/add.js answer with its `cart-drawer` and `cart-icon-bubble` sections.
  const dawnDrawer = () => {
    const drawer = document.querySelector("cart-drawer");
    return typeof drawer?.renderContents === "function" ? drawer : null;
  };

  // <attach-drawer>, the cart drawer app embed (blocks/cart-drawer.liquid): the cart's offers, rendered
  // by Shopify into its <template>, shown in the theme's drawer before the drawer's footer. Themes
  // re-render their drawer's contents after each change of the cart, which takes the offers out: they
  // are put back at once, and rendered again from the cart page (an app embed is no section the Section
  // Rendering API could render alone), also on the events themes and cart apps send after a change.
  class AttachDrawer extends HTMLElement {
    connectedCallback() {
      if (this.panel || !document.querySelector(DRAWER)) return;
      this.html = this.querySelector("template").innerHTML;
      this.panel = document.createElement("div");
      this.panel.className = "attach-drawer";
      const reload = () => {
        clearTimeout(this.timer);
        this.timer = setTimeout(() => this.reload(), 50);
      };
      for (const name of ["cart:updated", "cart:refresh", "cart-drawer:open"]) document.addEventListener(name, reload);
      if (typeof PUB_SUB_EVENTS === "object") window.subscribe?.(PUB_SUB_EVENTS.cartUpdate, reload);
      new MutationObserver(() => this.panel.isConnected || (this.place(), reload())).observe(document.body, {
        childList: true,
        subtree: true,
      });
      this.place();
    }

    place() {
      const drawer = document.querySelector(DRAWER);
      if (!drawer) return;
      this.panel.innerHTML = this.html;
      const footer = drawer.querySelector(".drawer__footer");
      if (footer) footer.before(this.panel);
      else drawer.append(this.panel);
    }

    reload() {
      fetch(this.dataset.url)
        .then((response) => response.text())
        .then((html) => {
          const fresh = new DOMParser().parseFromString(html, "text/html").getElementById(this.id);
          if (!fresh) return;
          this.html = fresh.querySelector("template").innerHTML;
          this.panel.remove();
          this.place();
        })
        .catch(() => {});
    }
  }

  customElements.define("attach-drawer", AttachDrawer);
})();
