// A minimal Online Store 2.0 theme for the emulated storefront: a layout (header with the shop's name
// and a cart link whose count lives in the `cart-icon-bubble` section, main, footer), templates made of
// sections (product, cart, home, collection, 404, plain pages), and the theme app extension blocks a
// "theme editor state" places on each template, with their settings. App embed blocks (target head /
// body) are injected into the layout. Blocks' schema `javascript` / `stylesheet` assets are linked once
// per page from content_for_header, as Shopify does.
//
// Every section can also be rendered alone for the Section Rendering API (`?sections=`, `?section_id=`):
// theme sections by name, and each placed app block as the section `app-block-<block id>`.
//
// Two themes: the published one (id 1) sends the shopper to the cart page; theme 2, previewed with
// `?preview_theme_id=2` as on Shopify, has Dawn's cart drawer (`settings.cart_type` "drawer"): a
// <cart-drawer> that the product form's Ajax add re-renders from the `cart-drawer` section
// (renderContents) and opens, with Dawn's pub/sub (PUB_SUB_EVENTS.cartUpdate).

import type { Liquid } from "liquidjs";
import type { EmulatedCollection, EmulatedCustomer, EmulatedProduct, EmulatedShop } from "../shop/types";
import type { PricedCart } from "./cart";
import {
  type BlockSchema,
  type ThemeAppBlock,
  type ThemeAppExtension,
  extensionAssetUrl,
  resolveExtensionAsset,
} from "./extensions";
import { createAppExtensionLiquid, createShopifyLiquid, escapeHtml, shopifyJson } from "./liquid";
import { AllProductsDrop, CollectionsDrop, type StorefrontObjects, TemplateDrop, isVisibleProduct } from "./objects";
import fs from "node:fs";

export type TemplateName =
  "index" | "product" | "collection" | "cart" | "404" | "page" | "customers/login" | "customers/account";

export const BLOCK_TEMPLATES: readonly TemplateName[] = ["index", "product", "collection", "cart"];

/** The theme settings the emulator's themes differ in (Dawn's names). */
export interface ThemeSettings {
  cart_type: "page" | "drawer";
}

/** The emulator's themes by id: 1 is published, 2 can be previewed (`?preview_theme_id=2`). */
export const THEMES: Readonly<Record<number, ThemeSettings>> = { 1: { cart_type: "page" }, 2: { cart_type: "drawer" } };
export const PUBLISHED_THEME_ID = 1;

/** One app block placed by the merchant in the theme editor. */
export interface PlacedBlock {
  /** The extension's handle; optional when only one extension has a block of that name. */
  extension?: string;
  /** The block file's name: blocks/complete.liquid → "complete". */
  block: string;
  /** block.id; defaults to the block name (then "<name>-2", "-3"… for repeats on one template). */
  id?: string;
  /** The merchant's values; settings left out take their schema default. */
  settings?: Record<string, unknown>;
  /** Hidden in the editor ("eye" icon): not rendered. */
  disabled?: boolean;
}

/** What the merchant did in the theme editor: app blocks per template, and the app embeds switched on. */
export interface ThemeEditorState {
  templates?: Partial<Record<TemplateName, PlacedBlock[]>>;
  /** App embed blocks (target head, body or compliance_head); listed and not disabled = on. */
  embeds?: PlacedBlock[];
}

/**
 * A theme editor state with every section block placed once on the templates its schema's
 * `enabled_on.templates` names (the product page when it names none) and every app embed switched on.
 */
export function defaultThemeEditorState(extensions: readonly ThemeAppExtension[]): ThemeEditorState {
  const templates: Partial<Record<TemplateName, PlacedBlock[]>> = {};
  const embeds: PlacedBlock[] = [];
  for (const extension of extensions) {
    for (const block of extension.blocks) {
      const placed = { extension: extension.handle, block: block.name };
      if (block.schema.target !== "section") {
        embeds.push(placed);
        continue;
      }
      const named = block.schema.enabled_on?.templates;
      const on = named ? BLOCK_TEMPLATES.filter((t) => named.includes(t) || named.includes("*")) : ["product" as const];
      for (const template of on) (templates[template] ??= []).push(placed);
    }
  }
  return { templates, embeds };
}

/** A page of the storefront: which template, and what it shows. */
export interface PageRequest {
  template: TemplateName;
  /** The request path, locale prefix included. */
  path: string;
  /** <title> and, on plain pages, the h1. */
  title: string;
  product?: EmulatedProduct;
  collection?: EmulatedCollection | "all";
  /** The HTML of a plain page ("page", "customers/*"): proxy pages, errors, login, account, thank you. */
  content?: string;
}

export interface ThemeContext {
  shop: EmulatedShop;
  extensions: readonly ThemeAppExtension[];
  editorState: ThemeEditorState;
  objects: StorefrontObjects;
  cart: PricedCart;
  customer: EmulatedCustomer | null;
  /** Every locale the shop publishes, primary first ("en", "fr"). */
  publishedLocales: readonly string[];
  /** ISO country code for `localization.country`. */
  country: string;
  /** The theme's settings; the published theme's by default. */
  settings?: ThemeSettings;
}

/** A Liquid error, with the extension and file it came from in the message. */
export class ThemeRenderError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "ThemeRenderError";
  }
}

interface ResolvedPlacement {
  extension: ThemeAppExtension;
  block: ThemeAppBlock;
  id: string;
  settings: Record<string, unknown>;
  template: TemplateName | null;
}

/** Renders pages and sections for one request. */
export class ThemeRenderer {
  private readonly themeLiquid: Liquid;
  private readonly extensionLiquids = new Map<string, Liquid>();
  /** Asset URLs of the blocks rendered on this page, in order, each once. */
  private readonly scripts = new Set<string>();
  private readonly stylesheets = new Set<string>();

  constructor(private readonly ctx: ThemeContext) {
    this.themeLiquid = createShopifyLiquid({
      kind: "theme",
      snippets: THEME_SNIPPETS,
      moneyFormat: ctx.shop.moneyFormat,
      moneyWithCurrencyFormat: ctx.shop.moneyWithCurrencyFormat,
      locale: ctx.objects.scope.locale,
      localePrefix: ctx.objects.scope.localePrefix,
      timezone: ctx.shop.ianaTimezone,
    });
  }

  private get scope() {
    return this.ctx.objects.scope;
  }

  private extensionLiquid(extension: ThemeAppExtension): Liquid {
    let liquid = this.extensionLiquids.get(extension.handle);
    if (!liquid) {
      liquid = createAppExtensionLiquid(extension, {
        moneyFormat: this.ctx.shop.moneyFormat,
        moneyWithCurrencyFormat: this.ctx.shop.moneyWithCurrencyFormat,
        locale: this.scope.locale,
        localePrefix: this.scope.localePrefix,
        timezone: this.ctx.shop.ianaTimezone,
        assetUrl: (file) => extensionAssetUrl(extension.handle, file),
        readAsset: (file) => {
          const asset = resolveExtensionAsset(extension, file);
          return asset ? fs.readFileSync(asset.path, "utf8") : null;
        },
      });
      this.extensionLiquids.set(extension.handle, liquid);
    }
    return liquid;
  }

  /** The Liquid globals of a page: Shopify's global objects, visible in blocks and their snippets. */
  globals(page: PageRequest): Record<string, unknown> {
    const { objects, shop } = this.ctx;
    const { locale, localePrefix, origin } = this.scope;
    const root = localePrefix || "/";
    const url = (path: string) => `${localePrefix}${path}`;
    const languages = this.ctx.publishedLocales.map((code) => language(code, code === this.ctx.publishedLocales[0]));
    const country = {
      iso_code: this.ctx.country,
      name: displayName(this.ctx.country, "region", "en"),
      currency: { iso_code: shop.currencyCode, name: displayName(shop.currencyCode, "currency", "en") },
    };
    const globals: Record<string, unknown> = {
      shop: objects.shopDrop(),
      cart: objects.cart(this.ctx.cart),
      customer: objects.customer(this.ctx.customer),
      app: { metafields: objects.metafields(shop.appMetafields) },
      request: {
        locale: language(locale, locale === this.ctx.publishedLocales[0]),
        page_type: page.template,
        path: page.path,
        host: new URL(origin).host,
        origin,
        design_mode: false,
        visual_preview_mode: false,
      },
      routes: {
        root_url: root,
        account_url: url("/account"),
        account_login_url: url("/account/login"),
        account_logout_url: url("/account/logout"),
        account_register_url: url("/account/register"),
        cart_url: url("/cart"),
        cart_add_url: url("/cart/add"),
        cart_change_url: url("/cart/change"),
        cart_update_url: url("/cart/update"),
        cart_clear_url: url("/cart/clear"),
        collections_url: url("/collections"),
        all_products_collection_url: url("/collections/all"),
        products_url: url("/products"),
        search_url: url("/search"),
        predictive_search_url: url("/search/suggest"),
        product_recommendations_url: url("/recommendations/products"),
      },
      localization: {
        language: language(locale, locale === this.ctx.publishedLocales[0]),
        available_languages: languages,
        country,
        available_countries: [country],
        market: { id: 1, handle: this.ctx.country.toLowerCase() },
      },
      settings: { ...(this.ctx.settings ?? THEMES[PUBLISHED_THEME_ID]) },
      all_products: new AllProductsDrop(objects),
      collections: new CollectionsDrop(objects),
      template: new TemplateDrop(page.template),
      page_title: page.title,
      page_description: null,
      canonical_url: `${origin}${page.path}`,
    };
    if (page.product) globals.product = objects.product(page.product);
    if (page.collection) {
      globals.collection =
        page.collection === "all"
          ? {
              id: null,
              handle: "all",
              title: "Products",
              url: url("/collections/all"),
              products: shop.products.filter(isVisibleProduct).map((p) => objects.product(p)),
            }
          : objects.collection(page.collection);
    }
    return globals;
  }

  /** The sections of a page's template, in order. */
  templateSections(page: PageRequest): string[] {
    const main = MAIN_SECTION[page.template];
    const blocks = this.placements(page.template).map((p) => appBlockSectionId(p.id));
    return [main, ...blocks];
  }

  /** The whole page: template sections in the layout, with app embeds and block assets. */
  async renderPage(page: PageRequest): Promise<string> {
    const globals = this.globals(page);
    const sections: string[] = [];
    for (const id of this.templateSections(page)) {
      const html = await this.renderSection(id, page, globals, { omitHidden: true });
      if (html !== null) sections.push(html);
    }
    return this.renderLayout(page, sections.join("\n"), globals);
  }

  /** Wraps content in the theme layout (also used for app proxy Liquid pages). */
  async renderLayout(page: PageRequest, contentForLayout: string, globals = this.globals(page)): Promise<string> {
    const headEmbeds: string[] = [];
    const bodyEmbeds: string[] = [];
    for (const embed of this.embeds()) {
      if (!blockEnabledOn(embed.block.schema, page.template)) continue;
      const html = await this.renderBlock(embed, page, globals, null);
      if (html === null) continue;
      (embed.block.schema.target === "body" ? bodyEmbeds : headEmbeds).push(html);
    }
    const bubble = (await this.renderSection("cart-icon-bubble", page, globals)) ?? "";
    const drawer = this.ctx.settings?.cart_type === "drawer";
    return this.renderTheme("layout/theme.liquid", LAYOUT, {
      ...globals,
      cart_drawer: drawer ? await this.renderTheme("snippets/cart-drawer.liquid", CART_DRAWER, globals) : "",
      content_for_header: this.contentForHeader(headEmbeds),
      content_for_layout: contentForLayout,
      content_for_body_embeds: bodyEmbeds.join("\n"),
      cart_icon_bubble: bubble,
    });
  }

  /** Renders Liquid an app proxy returned (application/liquid), in the layout unless it says {% layout none %}. */
  async renderProxyLiquid(page: PageRequest, source: string): Promise<string> {
    const layoutNone = /\{%-?\s*layout\s+(?:none|'none'|"none")\s*-?%\}/;
    const withoutLayout = !!layoutNone.exec(source);
    const globals = this.globals(page);
    const html = await this.renderTheme("app proxy response", source.replace(layoutNone, ""), globals);
    return withoutLayout ? html : this.renderLayout(page, html, globals);
  }

  /** One section as the Section Rendering API returns it (wrapped), or null if there is no such section. */
  async renderSection(
    id: string,
    page: PageRequest,
    globals = this.globals(page),
    options: { omitHidden?: boolean } = {},
  ): Promise<string | null> {
    const theme = THEME_SECTIONS[id];
    if (theme) {
      if (theme.requires === "product" && !page.product) return null;
      const html = await this.renderTheme(`sections/${id}.liquid`, theme.source, {
        ...globals,
        section: { id },
        // The theme's own variables (not Shopify globals, so app blocks never see them).
        collection_products: this.ctx.shop.products.filter(isVisibleProduct).map((p) => this.ctx.objects.product(p)),
        page_content: page.content ?? "",
      });
      return sectionWrapper(id, html);
    }
    const placement = this.placementForSection(id, page.template);
    if (!placement) return null;
    const html = await this.renderBlock(placement, page, globals, id);
    // A block whose available_if is false leaves its section empty (and off the page).
    if (html === null && options.omitHidden) return null;
    return sectionWrapper(id, html ?? "");
  }

  /** Ids of every section this page can render: theme sections and the app blocks placed anywhere. */
  sectionIds(page: PageRequest): string[] {
    const ids = Object.keys(THEME_SECTIONS).filter((id) => THEME_SECTIONS[id]!.requires !== "product" || page.product);
    for (const template of BLOCK_TEMPLATES) ids.push(...this.placements(template).map((p) => appBlockSectionId(p.id)));
    return [...new Set(ids)];
  }

  private contentForHeader(headEmbeds: string[]): string {
    const { shop } = this.ctx;
    const { locale, localePrefix } = this.scope;
    const shopify = {
      shop: shop.domain,
      locale,
      currency: { active: shop.currencyCode, rate: "1.0" },
      country: this.ctx.country,
      routes: { root: `${localePrefix}/` },
    };
    const lines = [
      `<script>window.Shopify = Object.assign(window.Shopify || {}, ${shopifyJson(shopify)});</script>`,
      ...[...this.stylesheets].map(
        (href) => `<link href="${escapeHtml(href)}" rel="stylesheet" type="text/css" media="all">`,
      ),
      ...[...this.scripts].map((src) => `<script src="${escapeHtml(src)}" defer="defer"></script>`),
      ...headEmbeds,
    ];
    return lines.join("\n");
  }

  private async renderTheme(file: string, source: string, scope: Record<string, unknown>): Promise<string> {
    try {
      const templates = this.themeLiquid.parse(source, file);
      return String(await this.themeLiquid.render(templates, scope, { globals: scope }));
    } catch (error) {
      throw new ThemeRenderError(`Liquid error in the theme: ${(error as Error).message}`, { cause: error });
    }
  }

  // -------------------------------------------------------------------------------------------
  // App blocks

  private resolve(placed: PlacedBlock, template: TemplateName | null, id: string): ResolvedPlacement {
    const candidates = this.ctx.extensions.filter((e) => !placed.extension || e.handle === placed.extension);
    const matches = candidates.flatMap((extension) =>
      extension.blocks.filter((b) => b.name === placed.block).map((block) => ({ extension, block })),
    );
    if (matches.length === 0) {
      const where = placed.extension ? ` in extension "${placed.extension}"` : "";
      throw new ThemeRenderError(
        `The theme editor state places block "${placed.block}"${where}, which no theme app extension has`,
      );
    }
    if (matches.length > 1) {
      throw new ThemeRenderError(
        `Block "${placed.block}" exists in several extensions; name the extension in the theme editor state`,
      );
    }
    const { extension, block } = matches[0]!;
    return { extension, block, id, settings: placed.settings ?? {}, template };
  }

  /** The app blocks placed on a template, in order, without hidden ones. */
  placements(template: TemplateName): ResolvedPlacement[] {
    const placed = this.ctx.editorState.templates?.[template] ?? [];
    const counts = new Map<string, number>();
    const resolved: ResolvedPlacement[] = [];
    for (const entry of placed) {
      const n = (counts.get(entry.block) ?? 0) + 1;
      counts.set(entry.block, n);
      if (entry.disabled) continue;
      const placement = this.resolve(entry, template, entry.id ?? (n === 1 ? entry.block : `${entry.block}-${n}`));
      if (placement.block.schema.target !== "section") {
        throw new ThemeRenderError(
          `${placement.extension.handle}/${placement.block.file} is an app embed (target "${placement.block.schema.target}"); list it under embeds, not on the ${template} template`,
        );
      }
      if (!blockEnabledOn(placement.block.schema, template)) {
        throw new ThemeRenderError(
          `${placement.extension.handle}/${placement.block.file} cannot be placed on the ${template} template (see its enabled_on / disabled_on)`,
        );
      }
      resolved.push(placement);
    }
    return resolved;
  }

  private embeds(): ResolvedPlacement[] {
    return (this.ctx.editorState.embeds ?? [])
      .filter((entry) => !entry.disabled)
      .map((entry) => {
        const placement = this.resolve(entry, null, entry.id ?? entry.block);
        if (placement.block.schema.target === "section") {
          throw new ThemeRenderError(
            `${placement.extension.handle}/${placement.block.file} is a section block; place it on a template, not under embeds`,
          );
        }
        return placement;
      });
  }

  private placementForSection(sectionId: string, template: TemplateName): ResolvedPlacement | null {
    if (!sectionId.startsWith(APP_BLOCK_SECTION_PREFIX)) return null;
    const order = [template, ...BLOCK_TEMPLATES.filter((t) => t !== template)];
    for (const candidate of order) {
      if (!BLOCK_TEMPLATES.includes(candidate)) continue;
      const found = this.placements(candidate).find((p) => appBlockSectionId(p.id) === sectionId);
      if (found) return found;
    }
    return null;
  }

  /** Renders one app block (or embed) with its settings; null when its available_if is false. */
  private async renderBlock(
    placement: ResolvedPlacement,
    page: PageRequest,
    globals: Record<string, unknown>,
    sectionId: string | null,
  ): Promise<string | null> {
    const { extension, block } = placement;
    const liquid = this.extensionLiquid(extension);
    const label = `extensions/${extension.handle}/${block.file}`;
    try {
      if (block.schema.available_if && !(await this.isAvailable(liquid, block, globals))) return null;
      const scope = {
        block: {
          id: placement.id,
          type: `shopify://apps/${extension.handle}/blocks/${block.name}/${placement.id}`,
          settings: this.blockSettings(block.schema, placement.settings, page),
          shopify_attributes: "",
        },
        ...(sectionId ? { section: { id: sectionId, settings: {} } } : {}),
      };
      const templates = liquid.parse(block.source, block.file);
      const html = String(await liquid.render(templates, scope, { globals }));
      if (block.schema.javascript) this.scripts.add(extensionAssetUrl(extension.handle, block.schema.javascript));
      if (block.schema.stylesheet) this.stylesheets.add(extensionAssetUrl(extension.handle, block.schema.stylesheet));
      return wrapBlock(block.schema, placement.id, html);
    } catch (error) {
      if (error instanceof ThemeRenderError) throw error;
      throw new ThemeRenderError(`Liquid error in ${label}: ${(error as Error).message}`, { cause: error });
    }
  }

  private async isAvailable(liquid: Liquid, block: ThemeAppBlock, globals: Record<string, unknown>): Promise<boolean> {
    const templates = liquid.parse(block.schema.available_if ?? "", `${block.file} (available_if)`);
    const result = String(await liquid.render(templates, { app: globals.app }, { globals }));
    return result.trim() === "true";
  }

  /** block.settings: the schema's defaults merged with the merchant's values, typed like Shopify's. */
  blockSettings(schema: BlockSchema, values: Record<string, unknown>, page: PageRequest): Record<string, unknown> {
    const { objects } = this.ctx;
    const settings: Record<string, unknown> = {};
    for (const setting of schema.settings) {
      if (!setting.id) continue; // headers and paragraphs
      const raw = setting.id in values ? values[setting.id] : setting.default;
      switch (setting.type) {
        case "checkbox":
          settings[setting.id] = raw === true || raw === "true";
          break;
        case "number":
        case "range":
          settings[setting.id] = raw === undefined || raw === null || raw === "" ? null : Number(raw);
          break;
        case "product": {
          const product = typeof raw === "string" && raw ? objects.productByHandle(raw) : null;
          settings[setting.id] = product ?? (setting.autofill && page.product ? objects.product(page.product) : null);
          break;
        }
        case "collection": {
          const collection = typeof raw === "string" && raw ? objects.collectionByHandle(raw) : null;
          settings[setting.id] =
            collection ??
            (setting.autofill && page.collection && page.collection !== "all"
              ? objects.collection(page.collection)
              : null);
          break;
        }
        case "product_list":
          settings[setting.id] = Array.isArray(raw)
            ? raw.map((handle) => objects.productByHandle(String(handle))).filter((p) => p !== null)
            : [];
          break;
        default:
          settings[setting.id] = raw ?? null;
      }
    }
    return settings;
  }
}

export const APP_BLOCK_SECTION_PREFIX = "app-block-";

/** The Section Rendering API id of a placed app block. */
export function appBlockSectionId(blockId: string): string {
  return `${APP_BLOCK_SECTION_PREFIX}${blockId}`;
}

function sectionWrapper(id: string, html: string): string {
  return `<div id="shopify-section-${escapeHtml(id)}" class="shopify-section">${html}</div>`;
}

/** Shopify's wrapper around an app block: <div id="shopify-block-<id>" class="shopify-block shopify-app-block">. */
function wrapBlock(schema: BlockSchema, id: string, html: string): string {
  if (schema.target === "head" || schema.target === "compliance_head" || schema.tag === null) return html;
  const tag = typeof schema.tag === "string" && /^[a-z][a-z0-9-]*$/.test(schema.tag) ? schema.tag : "div";
  const extra = typeof schema.class === "string" && schema.class ? ` ${escapeHtml(schema.class)}` : "";
  return `<${tag} id="shopify-block-${escapeHtml(id)}" class="shopify-block shopify-app-block${extra}">${html}</${tag}>`;
}

function blockEnabledOn(schema: BlockSchema, template: TemplateName): boolean {
  const enabled = schema.enabled_on?.templates;
  const disabled = schema.disabled_on?.templates;
  if (enabled && !enabled.includes("*") && !enabled.includes(template)) return false;
  if (disabled && (disabled.includes("*") || disabled.includes(template))) return false;
  return true;
}

function displayName(code: string, type: "language" | "region" | "currency", inLocale: string): string {
  try {
    return new Intl.DisplayNames([inLocale], { type }).of(code) ?? code;
  } catch {
    return code;
  }
}

function language(code: string, primary: boolean) {
  return {
    iso_code: code,
    name: displayName(code, "language", "en"),
    endonym_name: displayName(code, "language", code),
    primary,
    root_url: primary ? "/" : `/${code}`,
  };
}

// ---------------------------------------------------------------------------------------------
// The theme's Liquid

const MAIN_SECTION: Record<TemplateName, string> = {
  index: "main-index",
  product: "main-product",
  collection: "main-collection",
  cart: "main-cart-items",
  "404": "main-404",
  page: "main-page",
  "customers/login": "main-page",
  "customers/account": "main-page",
};

const STYLE = `
*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,sans-serif;color:#1a1a1a;background:#fff}
a{color:#0b57d0}.visually-hidden{position:absolute!important;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.skip-link{position:absolute;left:-999px}.skip-link:focus{left:1rem;top:1rem;background:#fff;padding:.5rem;z-index:10}
.site-header,.site-footer{display:flex;gap:1rem;align-items:center;justify-content:space-between;padding:1rem 2rem;border-bottom:1px solid #ddd}
.site-footer{border-top:1px solid #ddd;border-bottom:0;color:#555}.site-header nav{display:flex;gap:1rem;align-items:center}
.site-header__name{font-weight:700;font-size:1.25rem;text-decoration:none;color:inherit}
#cart-icon-bubble .shopify-section{display:inline}.cart-count{display:inline-block;min-width:1.5em;padding:0 .4em;border-radius:1em;background:#1a1a1a;color:#fff;text-align:center}
main{padding:1rem 2rem;min-height:60vh}.product{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:2rem}
.product img,.card img{max-width:100%;height:auto}.product-form{display:grid;gap:.5rem;max-width:24rem}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(12rem,1fr));gap:1.5rem;list-style:none;padding:0}
.badge{display:inline-block;padding:0 .5em;border:1px solid currentColor;border-radius:.25em;font-size:.875rem}
.price s,.cart-item s{color:#666}table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.5rem;border-bottom:1px solid #eee;vertical-align:top}
.cart-totals{display:grid;grid-template-columns:max-content max-content;gap:.25rem 1rem}.cart-totals dd{margin:0}
button{font:inherit;padding:.5rem 1rem;cursor:pointer}button[disabled]{cursor:not-allowed}
.cart-actions{display:flex;gap:1rem;margin-top:1rem}.discount{color:#0a7d32}.errors{color:#b00020}
cart-drawer{display:none}cart-drawer.active{display:block;position:fixed;inset:0 0 0 auto;z-index:20;width:min(28rem,100%);overflow:auto;padding:1rem;background:#fff;box-shadow:0 0 1rem rgb(0 0 0/30%)}
.drawer__header{display:flex;justify-content:space-between;align-items:center}
`.trim();

// Dawn's snippets/cart-drawer.liquid, reduced: the layout renders it on every page of the drawer theme,
// and the `cart-drawer` section renders it for renderContents.
const CART_DRAWER = `<cart-drawer class="drawer{% if cart.item_count == 0 %} is-empty{% endif %}">
<div id="CartDrawer" class="cart-drawer">
<div class="drawer__inner" role="dialog" aria-modal="true" aria-label="Your cart" tabindex="-1">
<div class="drawer__header"><h2 class="drawer__heading">Your cart</h2><button type="button" class="drawer__close" aria-label="Close">×</button></div>
{%- if cart.item_count == 0 %}
<p>Your cart is empty.</p>
{%- else %}
<ul class="cart-drawer__items">
{%- for item in cart.items %}
<li data-line-key="{{ item.key }}">{{ item.quantity }} × {{ item.title | escape }} — {{ item.final_line_price | money }}</li>
{%- endfor %}
</ul>
{%- endif %}
<div class="drawer__footer">
<p>Total: <span class="cart-drawer__total">{{ cart.total_price | money }}</span></p>
<p><a href="{{ routes.cart_url }}">View cart</a></p>
</div>
</div>
</div>
</cart-drawer>`;

// Dawn's pub/sub, <cart-drawer> (open, close, renderContents) and product form (Ajax add with the
// drawer's sections, then renderContents and a cartUpdate publication), reduced to what shoppers see.
const DRAWER_SCRIPT = `
(() => {
  const subscribers = {};
  window.PUB_SUB_EVENTS = { cartUpdate: "cart-update" };
  window.subscribe = (name, callback) => (subscribers[name] ??= []).push(callback);
  window.publish = (name, data) => (subscribers[name] || []).forEach((callback) => callback(data));
  const inner = (html, selector) => new DOMParser().parseFromString(html, "text/html").querySelector(selector).innerHTML;
  customElements.define("cart-drawer", class extends HTMLElement {
    connectedCallback() {
      this.addEventListener("click", (event) => event.target.closest(".drawer__close") && this.close());
      this.addEventListener("keyup", (event) => event.key === "Escape" && this.close());
      document.getElementById("cart-icon-bubble").addEventListener("click", (event) => {
        event.preventDefault();
        this.open();
      });
    }
    open() {
      this.classList.add("active");
      this.querySelector(".drawer__inner").focus();
    }
    close() {
      this.classList.remove("active");
    }
    renderContents(state) {
      this.classList.remove("is-empty");
      this.querySelector("#CartDrawer").innerHTML = inner(state.sections["cart-drawer"], "#CartDrawer");
      document.getElementById("cart-icon-bubble").innerHTML = inner(state.sections["cart-icon-bubble"], ".shopify-section");
      setTimeout(() => this.open());
    }
  });
  document.addEventListener("submit", (event) => {
    const form = event.target.closest("#product-form");
    if (!form) return;
    event.preventDefault();
    const item = { id: Number(form.elements.id.value), quantity: Number(form.elements.quantity.value) || 1 };
    fetch(window.Shopify.routes.root + "cart/add.js", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ items: [item], sections: ["cart-drawer", "cart-icon-bubble"], sections_url: location.pathname }),
    })
      .then((response) => response.json())
      .then((state) => {
        if (!state.sections) return;
        document.querySelector("cart-drawer").renderContents(state);
        publish(PUB_SUB_EVENTS.cartUpdate, { source: "product-form", cartData: state });
      });
  });
})();
`;

const LAYOUT = `<!doctype html>
<html lang="{{ request.locale.iso_code }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ page_title | escape }} – {{ shop.name | escape }}</title>
<link rel="canonical" href="{{ canonical_url | escape }}">
<style>${STYLE}</style>
{{ content_for_header }}
</head>
<body class="template-{{ template.name | handleize }}">
<a class="skip-link" href="#MainContent">Skip to content</a>
<header class="site-header">
<a class="site-header__name" href="{{ routes.root_url }}">{{ shop.name | escape }}</a>
<nav aria-label="Main">
<a href="{{ routes.all_products_collection_url }}">Catalog</a>
{%- if customer %}
<a href="{{ routes.account_url }}">Account</a>
{%- else %}
<a href="{{ routes.account_login_url }}">Log in</a>
{%- endif %}
<a href="{{ routes.cart_url }}" id="cart-icon-bubble">{{ cart_icon_bubble }}</a>
</nav>
</header>
<main id="MainContent" tabindex="-1">
{{ content_for_layout }}
</main>
<footer class="site-footer"><p>{{ shop.name | escape }} · local Shopify storefront emulator</p></footer>
{%- if settings.cart_type == 'drawer' %}
{{ cart_drawer }}
<script>${DRAWER_SCRIPT}</script>
{%- endif %}
{{ content_for_body_embeds }}
</body>
</html>
`;

const THEME_SNIPPETS: ReadonlyMap<string, string> = new Map([
  [
    "snippets/product-card.liquid",
    `<li class="card">
<a href="{{ card_product.url }}">
{%- if card_product.featured_image %}{{ card_product.featured_image | image_url: width: 400 | image_tag: alt: '', loading: 'lazy' }}{% endif -%}
<span class="card__title">{{ card_product.title | escape }}</span></a>
<div class="card__price">{% if card_product.price_varies %}From {% endif %}{{ card_product.price | money }}</div>
{%- unless card_product.available %} <span class="badge">Sold out</span>{% endunless %}
</li>`,
  ],
]);

const THEME_SECTIONS: Record<string, { source: string; requires?: "product" }> = {
  "cart-icon-bubble": {
    source: `<span>Cart</span> <span class="cart-count" aria-hidden="true">{{ cart.item_count }}</span><span class="visually-hidden">{{ cart.item_count }} {{ cart.item_count | pluralize: 'item', 'items' }}</span>`,
  },
  "main-product": {
    requires: "product",
    source: `{%- assign current = product.selected_or_first_available_variant -%}
<div class="product">
<div class="product__media">
{%- if product.featured_image %}{{ product.featured_image | image_url: width: 800 | image_tag: alt: product.title }}{% endif -%}
</div>
<div class="product__info">
<h1 class="product__title">{{ product.title | escape }}</h1>
{%- if product.vendor != blank %}<p class="product__vendor">{{ product.vendor | escape }}</p>{% endif %}
<p class="price">
{%- if current.compare_at_price > current.price %}<s><span class="visually-hidden">Regular price</span> {{ current.compare_at_price | money }}</s> {% endif -%}
<span class="price__current">{% if current.compare_at_price > current.price %}<span class="visually-hidden">Sale price</span> {% endif %}{{ current.price | money }}</span>
</p>
{%- form 'product', product, id: 'product-form', class: 'product-form' %}
{%- if product.has_only_default_variant %}
<input type="hidden" name="id" value="{{ current.id }}">
{%- else %}
<label for="product-variant">{{ product.options | join: ' / ' | escape }}</label>
<select id="product-variant" name="id">
{%- for variant in product.variants %}
<option value="{{ variant.id }}"{% if variant.id == current.id %} selected{% endif %}{% unless variant.available %} disabled{% endunless %}>{{ variant.title | escape }} – {{ variant.price | money }}{% unless variant.available %} (sold out){% endunless %}</option>
{%- endfor %}
</select>
{%- endif %}
<label for="product-quantity">Quantity</label>
<input id="product-quantity" type="number" name="quantity" value="1" min="1">
{%- if current.available %}
<button type="submit" name="add">Add to cart</button>
{%- else %}
<button type="submit" name="add" disabled>Sold out</button>
{%- endif %}
{%- endform %}
<div class="product__description">{{ product.description }}</div>
</div>
</div>`,
  },
  "main-cart-items": {
    source: `<h1>Your cart</h1>
{%- if cart.item_count == 0 %}
<p>Your cart is empty.</p>
<p><a href="{{ routes.all_products_collection_url }}">Continue shopping</a></p>
{%- else %}
{%- form 'cart', cart, id: 'cart', class: 'cart-form' %}
<table class="cart-items">
<caption class="visually-hidden">Items in your cart</caption>
<thead><tr><th scope="col">Product</th><th scope="col">Price</th><th scope="col">Quantity</th><th scope="col">Total</th></tr></thead>
<tbody>
{%- for item in cart.items %}
<tr class="cart-item" data-line-key="{{ item.key }}">
<td>
<a href="{{ item.url }}">{{ item.product.title | escape }}</a>
{%- unless item.product.has_only_default_variant %}<div>{{ item.variant.title | escape }}</div>{% endunless %}
{%- for property in item.properties %}{% assign first_char = property.first | slice: 0 %}{% if first_char != '_' and property.last != blank %}<div>{{ property.first | escape }}: {{ property.last | escape }}</div>{% endif %}{% endfor %}
{%- for allocation in item.line_level_discount_allocations %}
<div class="discount">{{ allocation.discount_application.title | escape }} (−{{ allocation.amount | money }})</div>
{%- endfor %}
</td>
<td>{{ item.original_price | money }}</td>
<td>
<label for="updates-{{ forloop.index }}" class="visually-hidden">Quantity for {{ item.title | escape }}</label>
<input id="updates-{{ forloop.index }}" type="number" name="updates[]" value="{{ item.quantity }}" min="0">
<a href="{{ routes.cart_change_url }}?line={{ forloop.index }}&amp;quantity=0">Remove<span class="visually-hidden"> {{ item.title | escape }}</span></a>
</td>
<td>{% if item.original_line_price != item.final_line_price %}<s>{{ item.original_line_price | money }}</s> {% endif %}<span class="cart-item__total">{{ item.final_line_price | money }}</span></td>
</tr>
{%- endfor %}
</tbody>
</table>
<dl class="cart-totals">
<dt>Subtotal</dt><dd class="cart-subtotal">{{ cart.original_total_price | money }}</dd>
{%- for application in cart.discount_applications %}
<dt class="discount">{{ application.title | escape }}</dt><dd class="discount">−{{ application.total_allocated_amount | money }}</dd>
{%- endfor %}
<dt>Total</dt><dd class="cart-total">{{ cart.total_price | money_with_currency }}</dd>
</dl>
<div class="cart-actions">
<button type="submit" name="update">Update cart</button>
<button type="submit" name="checkout" formaction="/checkout">Check out</button>
</div>
{%- endform %}
{%- endif %}`,
  },
  "cart-drawer": { source: CART_DRAWER },
  "main-index": {
    source: `<h1>{{ shop.name | escape }}</h1>
<h2>Products</h2>
<ul class="grid">
{%- for card_product in collection_products limit: 12 %}{% render 'product-card', card_product: card_product %}{% endfor %}
</ul>`,
  },
  "main-collection": {
    source: `<h1>{{ collection.title | escape }}</h1>
{%- if collection.products.size == 0 %}<p>No products here yet.</p>{% endif %}
<ul class="grid">
{%- for card_product in collection.products %}{% render 'product-card', card_product: card_product %}{% endfor %}
</ul>`,
  },
  "main-404": {
    source: `<h1>Page not found</h1>
<p>The page you were looking for does not exist.</p>
<p><a href="{{ routes.root_url }}">Continue shopping</a></p>`,
  },
  "main-page": {
    source: `<h1>{{ page_title | escape }}</h1>
{{ page_content }}`,
  },
};
