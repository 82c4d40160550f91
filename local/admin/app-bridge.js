// Local stand-in for Shopify's App Bridge (cdn.shopify.com/shopifycloud/app-bridge.js), served only by the
// local emulator. It implements the parts Attach uses, with App Bridge's API:
//   shopify.idToken(), authenticated fetch (adds `Authorization: Bearer <session token>` to same-origin
//   requests), shopify.toast, shopify.resourcePicker, shopify.saveBar, shopify.modal, shopify.loading,
//   and the <ui-nav-menu>, <ui-title-bar>, <ui-save-bar> and <ui-modal> elements.
// As in Shopify admin, the app runs in an iframe and these render in the admin page around it (the emulator's
// admin frame, local/admin/host.ts), never in the app's own document, which React hydrates: buttons there are
// stand-ins that click the app's own (hidden) buttons.
(() => {
  if (window.shopify) return;
  const admin = window.parent !== window ? window.parent.document : null;
  if (!admin) throw new Error("Local App Bridge: the app must run inside the emulated admin (open /app).");
  const params = new URLSearchParams(location.search);
  const nativeFetch = window.fetch.bind(window);
  let token = params.get("id_token");
  let tokenAt = token ? Date.now() : 0;

  async function idToken() {
    // Shopify's session tokens live one minute; refresh a little before.
    if (token && Date.now() - tokenAt < 45_000) return token;
    const response = await nativeFetch("/__local/session-token", { credentials: "same-origin" });
    if (!response.ok) throw new Error("Local App Bridge: could not get a session token");
    token = await response.text();
    tokenAt = Date.now();
    return token;
  }

  window.fetch = async (input, init) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    if (
      url.origin !== location.origin ||
      url.pathname.startsWith("/__local/") ||
      request.headers.has("Authorization")
    ) {
      return nativeFetch(request);
    }
    const headers = new Headers(request.headers);
    headers.set("Authorization", `Bearer ${await idToken()}`);
    return nativeFetch(new Request(request, { headers }));
  };

  // ---- chrome: a bar for the app's navigation and title, and a region for toasts --------------------------
  const style = document.createElement("style");
  style.textContent = `
    #local-admin-chrome [hidden]{display:none}
    #local-admin-chrome{position:sticky;top:0;z-index:500;background:#1a1a1a;color:#fff;font:14px system-ui,sans-serif}
    #local-admin-chrome nav{display:flex;gap:4px;padding:6px 12px;flex-wrap:wrap;align-items:center}
    #local-admin-chrome nav a{color:#e3e3e3;text-decoration:none;padding:4px 10px;border-radius:6px}
    #local-admin-chrome nav a[aria-current=page]{background:#303030;color:#fff}
    #local-admin-chrome .local-title{display:flex;gap:8px;align-items:center;padding:8px 12px;background:#f1f1f1;color:#1a1a1a;border-bottom:1px solid #ddd}
    #local-admin-chrome .local-title h1{font-size:16px;margin:0;flex:1}
    #local-admin-chrome .local-savebar{display:flex;gap:8px;align-items:center;padding:8px 12px;background:#303030;color:#fff}
    #local-admin-chrome .local-savebar span{flex:1}
    #local-toasts{position:fixed;bottom:24px;left:50%;transform:translateX(-50%);z-index:600;display:grid;gap:8px}
    #local-toasts div{background:#1a1a1a;color:#fff;padding:10px 16px;border-radius:8px;font:14px system-ui,sans-serif}
    #local-toasts div.error{background:#8e1f0b}
    dialog.local-dialog{min-width:min(560px,90vw);max-height:80vh;border:0;border-radius:12px;padding:0;font:14px system-ui,sans-serif}
    dialog.local-dialog header,dialog.local-dialog footer{padding:12px 16px;display:flex;gap:8px;align-items:center}
    dialog.local-dialog header h2{flex:1;margin:0;font-size:16px}
    dialog.local-dialog .local-list{overflow:auto;max-height:55vh;padding:0 16px}
    dialog.local-dialog label{display:flex;gap:8px;padding:6px 0;align-items:center}
    dialog.local-dialog .local-variant{padding-left:28px}`;
  // The admin page provides the containers; the app's document gets nothing but dialogs opened on demand.
  const chrome = admin.getElementById("local-admin-chrome");
  const toasts = admin.getElementById("local-toasts");
  admin.head.append(style);
  document.head.append(style.cloneNode(true));

  // Keep the admin page's address in step with the app's, as Shopify admin does.
  const syncAddress = () => {
    const url = new URL(location.href);
    for (const param of ["embedded", "shop", "host", "id_token", "locale", "hmac", "session", "timestamp"]) {
      url.searchParams.delete(param);
    }
    window.parent.history.replaceState(null, "", url.pathname + url.search);
  };
  for (const method of ["pushState", "replaceState"]) {
    const original = history[method].bind(history);
    history[method] = (...args) => {
      original(...args);
      syncAddress();
    };
  }
  window.addEventListener("popstate", syncAddress);

  const navigate = (anchor) => anchor.dispatchEvent(new CustomEvent("shopify:navigate", { bubbles: true }));

  // ---- elements ---------------------------------------------------------------------------------------
  class NavMenu extends HTMLElement {
    connectedCallback() {
      this.style.display = "none";
      this.render();
      new MutationObserver(() => this.render()).observe(this, { childList: true, subtree: true, attributes: true });
    }
    render() {
      const nav = chrome.querySelector("nav");
      nav.replaceChildren(
        ...[...this.querySelectorAll("a")].map((source) => {
          const link = admin.createElement("a");
          link.href = source.getAttribute("href");
          link.textContent = source.textContent;
          if (new URL(link.href, location.href).pathname === location.pathname)
            link.setAttribute("aria-current", "page");
          link.addEventListener("click", (event) => {
            event.preventDefault();
            navigate(source);
            nav.querySelectorAll("a").forEach((a) => a.removeAttribute("aria-current"));
            link.setAttribute("aria-current", "page");
          });
          return link;
        }),
      );
    }
  }

  // Stand-ins in the admin page for the app's buttons (which stay, hidden, in the app's document).
  function standInButtons(from, into) {
    for (const button of from.querySelectorAll("button")) {
      const standIn = into.ownerDocument.createElement("button");
      standIn.type = "button";
      standIn.textContent = button.textContent;
      standIn.disabled = button.disabled;
      if (button.getAttribute("variant") === "primary") standIn.dataset.primary = "";
      standIn.addEventListener("click", () => button.click());
      into.append(standIn);
    }
  }

  // The title bar's buttons may arrive after the element (the HTML parser connects an element before its
  // children; React adds and changes them later), so the bar is redrawn whenever its content changes.
  class TitleBar extends HTMLElement {
    connectedCallback() {
      this.style.display = "none";
      this.bar = chrome.querySelector(".local-title");
      this.render();
      this.observer = new MutationObserver(() => this.render());
      this.observer.observe(this, { childList: true, subtree: true, attributes: true, characterData: true });
    }
    render() {
      if (!this.isConnected) return;
      // The newest title bar owns the chrome: React may mount the next page's before removing this one.
      this.bar.owner = this;
      this.bar.hidden = false;
      this.bar.replaceChildren();
      const heading = admin.createElement("h1");
      heading.textContent = this.getAttribute("title") || "";
      this.bar.append(heading);
      standInButtons(this, this.bar);
    }
    static get observedAttributes() {
      return ["title"];
    }
    attributeChangedCallback() {
      if (this.bar) this.render();
    }
    disconnectedCallback() {
      this.observer?.disconnect();
      if (this.bar?.owner === this) this.bar.hidden = true;
    }
  }

  class SaveBar extends HTMLElement {
    connectedCallback() {
      this.style.display = "none";
      this.bar = chrome.querySelector(".local-savebar");
      if (this.hasAttribute("open")) this.show();
    }
    static get observedAttributes() {
      return ["open"];
    }
    attributeChangedCallback() {
      if (this.hasAttribute("open")) this.show();
      else this.hide();
    }
    show() {
      if (!this.bar) return;
      this.bar.replaceChildren(Object.assign(admin.createElement("span"), { textContent: "Unsaved changes" }));
      standInButtons(this, this.bar);
      this.bar.owner = this;
      this.bar.hidden = false;
    }
    hide() {
      if (!this.bar || this.bar.owner !== this) return;
      this.bar.replaceChildren();
      this.bar.hidden = true;
    }
    toggle() {
      if (this.bar?.hidden) this.show();
      else this.hide();
    }
    disconnectedCallback() {
      this.hide();
    }
  }

  class Modal extends HTMLElement {
    connectedCallback() {
      this.style.display = "none";
    }
    show() {
      const dialog = document.createElement("dialog");
      dialog.className = "local-dialog";
      const header = document.createElement("header");
      const title = this.querySelector("ui-title-bar");
      header.append(Object.assign(document.createElement("h2"), { textContent: title?.getAttribute("title") || "" }));
      const body = document.createElement("div");
      body.className = "local-list";
      for (const child of [...this.children]) if (child !== title) body.append(child);
      const footer = document.createElement("footer");
      if (title) standInButtons(title, footer);
      dialog.append(header, body, footer);
      dialog.addEventListener("close", () => {
        for (const child of [...body.children]) this.append(child);
        dialog.remove();
      });
      document.body.append(dialog);
      dialog.showModal();
      this.dialog = dialog;
    }
    hide() {
      this.dialog?.close();
    }
  }

  customElements.define("ui-nav-menu", NavMenu);
  customElements.define("ui-title-bar", TitleBar);
  customElements.define("ui-save-bar", SaveBar);
  customElements.define("ui-modal", Modal);

  // ---- resource picker ----------------------------------------------------------------------------------
  async function resourcePicker({
    type = "product",
    multiple = false,
    action = "select",
    filter = {},
    selectionIds = [],
  } = {}) {
    const query = new URLSearchParams({ type });
    const resources = await (await nativeFetch(`/__local/resources?${query}`)).json();
    const preselected = new Set(selectionIds.map((s) => s.id));
    const showVariants = type === "product" && filter.variants !== false;
    return new Promise((resolve) => {
      const dialog = document.createElement("dialog");
      dialog.className = "local-dialog";
      dialog.setAttribute("aria-label", `Select ${type}s`);
      const header = document.createElement("header");
      header.append(
        Object.assign(document.createElement("h2"), { textContent: `${action === "add" ? "Add" : "Select"} ${type}s` }),
      );
      const search = Object.assign(document.createElement("input"), { type: "search", placeholder: `Search ${type}s` });
      search.setAttribute("aria-label", `Search ${type}s`);
      header.append(search);
      const list = document.createElement("div");
      list.className = "local-list";
      const inputType = multiple ? "checkbox" : "radio";
      for (const resource of resources) {
        const row = document.createElement("div");
        row.dataset.title = resource.title.toLowerCase();
        const label = document.createElement("label");
        const box = Object.assign(document.createElement("input"), {
          type: inputType,
          name: "resource",
          value: resource.id,
        });
        box.checked = preselected.has(resource.id);
        label.append(box, document.createTextNode(resource.title));
        row.append(label);
        if (showVariants && resource.variants.length > 1) {
          for (const variant of resource.variants) {
            const variantLabel = document.createElement("label");
            variantLabel.className = "local-variant";
            const variantBox = Object.assign(document.createElement("input"), { type: "checkbox", value: variant.id });
            variantBox.dataset.product = resource.id;
            variantBox.checked = box.checked;
            variantLabel.append(variantBox, document.createTextNode(`${variant.title} — ${variant.price}`));
            row.append(variantLabel);
          }
          box.addEventListener("change", () =>
            row.querySelectorAll("[data-product]").forEach((v) => (v.checked = box.checked)),
          );
        }
        list.append(row);
      }
      search.addEventListener("input", () => {
        const text = search.value.toLowerCase();
        for (const row of list.children) row.hidden = !row.dataset.title.includes(text);
      });
      const footer = document.createElement("footer");
      const cancel = Object.assign(document.createElement("button"), { type: "button", textContent: "Cancel" });
      const confirm = Object.assign(document.createElement("button"), {
        type: "button",
        textContent: action === "add" ? "Add" : "Select",
      });
      footer.append(cancel, confirm);
      dialog.append(header, list, footer);
      let result;
      cancel.addEventListener("click", () => dialog.close());
      confirm.addEventListener("click", () => {
        result = resources
          .filter((resource) => list.querySelector(`input[name=resource][value="${resource.id}"]`).checked)
          .map((resource) => {
            const chosen = [...list.querySelectorAll(`[data-product="${resource.id}"]`)]
              .filter((v) => v.checked)
              .map((v) => v.value);
            return chosen.length
              ? { ...resource, variants: resource.variants.filter((v) => chosen.includes(v.id)) }
              : resource;
          });
        dialog.close();
      });
      dialog.addEventListener("close", () => {
        dialog.remove();
        resolve(result);
      });
      document.body.append(dialog);
      dialog.showModal();
      search.focus();
    });
  }

  // ---- the global --------------------------------------------------------------------------------------
  const byId = (id) => document.getElementById(id);
  window.shopify = {
    config: {
      apiKey: document.currentScript?.dataset.apiKey,
      shop: params.get("shop"),
      host: params.get("host"),
      locale: params.get("locale") || "en",
    },
    environment: { embedded: true, mobile: false, pos: false },
    idToken,
    toast: {
      show(message, { duration = 5000, isError = false } = {}) {
        const toast = Object.assign(admin.createElement("div"), {
          textContent: message,
          className: isError ? "error" : "",
        });
        toasts.append(toast);
        setTimeout(() => toast.remove(), duration);
        return String(Math.random());
      },
      hide() {},
    },
    loading(isLoading) {
      document.documentElement.toggleAttribute("data-local-loading", Boolean(isLoading));
    },
    resourcePicker,
    saveBar: {
      show: async (id) => byId(id)?.show(),
      hide: async (id) => byId(id)?.hide(),
      toggle: async (id) => byId(id)?.toggle(),
      leaveConfirmation: async () => {},
    },
    modal: {
      show: async (id) => byId(id)?.show(),
      hide: async (id) => byId(id)?.hide(),
      toggle: async (id) => (byId(id)?.dialog?.open ? byId(id).hide() : byId(id)?.show()),
    },
    user: async () => ({ id: 1, name: "Demo Merchant", accountAccess: "Account owner" }),
  };
})();
