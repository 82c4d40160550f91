// The Liquid environment of the emulated storefront: LiquidJS configured to behave like Shopify for
// what theme app extensions use.
//
// - Strict: an unknown filter or tag is a parse error (LiquidJS errors on unknown tags by itself;
//   `strictFilters` does the same for filters). Filters LiquidJS has but Shopify does not (push,
//   where_exp, slugify…) are removed, so a template that works here works on Shopify. Undefined
//   variables render empty, as on Shopify.
// - App extension rules: blocks and snippets may not use `include`, `layout`, `section`, `sections`,
//   `javascript` or `stylesheet`; `render` takes a literal snippet name and finds only the extension's
//   own snippets/. The error names the tag and the file.
// - Shopify tags: `form` ('product', 'cart'), `style`, `schema` (parsed elsewhere, renders nothing), `doc`.
// - Shopify filters: money*, image_url, image_tag, asset_url, t, json, handleize and friends.
//
// One environment is made per request (and per extension), so filters close over the request's
// locale, money format and the extension's translations and assets.

import crypto from "node:crypto";
import {
  type Context,
  type Emitter,
  type FS,
  Hash,
  Liquid,
  type Parser,
  RenderTag,
  Tag,
  type TagToken,
  type Template,
  type TopLevelToken,
  TypeGuards,
  type ValueToken,
  evalToken,
} from "liquidjs";
import type { ThemeAppExtension, TranslationTree } from "./extensions";
import { coerceCents, formatMoney, formatMoneyWithoutCurrency, formatMoneyWithoutTrailingZeros } from "./money-format";

type TagClass = new (token: TagToken, remainTokens: TopLevelToken[], liquid: Liquid, parser: Parser) => Tag;

/** Tags Shopify refuses in theme app extension blocks and snippets. */
export const FORBIDDEN_APP_EXTENSION_TAGS: Readonly<Record<string, string>> = {
  include: 'use "render"',
  layout: "app blocks render inside the theme's layout",
  section: "app blocks cannot render theme sections",
  sections: "app blocks cannot render section groups",
  javascript: 'name a file of assets/ in the {% schema %} "javascript" key',
  stylesheet: 'name a file of assets/ in the {% schema %} "stylesheet" key',
};

/** Shopify tags and filters the emulator knows but does not implement: using one is a clear error. */
const NOT_EMULATED_TAGS = ["paginate", "content_for", "cycle_group"];
const NOT_EMULATED_FILTERS = [
  "img_url",
  "product_img_url",
  "collection_img_url",
  "asset_img_url",
  "file_img_url",
  "file_url",
  "global_asset_url",
  "shopify_asset_url",
  "font_face",
  "font_modify",
  "font_url",
  "color_brightness",
  "color_contrast",
  "color_darken",
  "color_desaturate",
  "color_difference",
  "color_extract",
  "color_lighten",
  "color_mix",
  "color_modify",
  "color_saturate",
  "color_to_hex",
  "color_to_hsl",
  "color_to_rgb",
  "brightness_difference",
  "hex_to_rgba",
  "payment_type_img_url",
  "payment_type_svg_tag",
  "highlight",
  "highlight_active_tag",
  "link_to_add_tag",
  "link_to_remove_tag",
  "link_to_tag",
  "link_to_type",
  "link_to_vendor",
  "default_pagination",
  "default_errors",
  "format_address",
  "customer_login_link",
  "time_tag",
  "weight_with_unit",
  "within",
  "metafield_tag",
  "metafield_text",
  "preload_tag",
  "structured_data",
  "item_count_for_variant",
  "line_items_for",
  "sort_by",
  "url_for_type",
  "url_for_vendor",
  "external_video_tag",
  "external_video_url",
  "media_tag",
  "model_viewer_tag",
  "video_tag",
  "avatar",
  "login_button",
  "payment_button",
  "payment_terms",
  "currency_selector",
];

/** LiquidJS filters that Shopify Liquid does not have. */
const NON_SHOPIFY_FILTERS = [
  "array_to_sentence_string",
  "cgi_escape",
  "date_to_long_string",
  "date_to_rfc822",
  "date_to_string",
  "date_to_xmlschema",
  "find_exp",
  "find_index_exp",
  "group_by",
  "group_by_exp",
  "has_exp",
  "inspect",
  "jsonify",
  "normalize_whitespace",
  "number_of_words",
  "pop",
  "push",
  "raw",
  "reject_exp",
  "sample",
  "shift",
  "slugify",
  "squish",
  "to_integer",
  "unshift",
  "uri_escape",
  "where_exp",
  "xml_escape",
];

export interface Translations {
  locales: ReadonlyMap<string, TranslationTree>;
  defaultLocale: string | null;
}

export interface ShopifyLiquidOptions {
  /** "app-extension" enforces Shopify's app block rules; "theme" is the emulator's own theme. */
  kind: "app-extension" | "theme";
  /** Snippet sources by path ("snippets/price.liquid"); `render` finds only these. */
  snippets?: ReadonlyMap<string, string>;
  /** The shop's money formats: "${{amount}}", "${{amount}} USD". */
  moneyFormat: string;
  moneyWithCurrencyFormat: string;
  /** The request's locale ("fr", "en"): `t` looks here first. */
  locale: string;
  translations?: Translations;
  /** "" or "/fr": prefixed to the URLs `form` posts to. */
  localePrefix?: string;
  /** asset_url: the URL of a file in the extension's assets/. */
  assetUrl?: (file: string) => string;
  /** inline_asset_content: the text of a file in the extension's assets/, or null. */
  readAsset?: (file: string) => string | null;
  /** IANA time zone for the `date` filter (the shop's). */
  timezone?: string;
}

/** A Liquid engine that behaves like Shopify's for theme app extensions. */
export function createShopifyLiquid(options: ShopifyLiquidOptions): Liquid {
  const snippets = options.snippets ?? new Map<string, string>();
  const liquid = new Liquid({
    strictFilters: true,
    strictVariables: false,
    ownPropertyOnly: true,
    dynamicPartials: true,
    relativeReference: false,
    extname: ".liquid",
    root: ["."],
    fs: snippetFs(snippets),
    cache: false,
    jsTruthy: false,
    greedy: false,
    ...(options.timezone ? { timezoneOffset: options.timezone } : {}),
  });
  for (const name of NON_SHOPIFY_FILTERS) liquid.unregisterFilter(name);
  for (const name of ["include", "layout", "block"]) delete (liquid.tags as Record<string, TagClass | undefined>)[name];
  registerTags(liquid, options);
  registerFilters(liquid, options);
  return liquid;
}

function snippetFs(snippets: ReadonlyMap<string, string>): FS {
  const read = (file: string) => {
    const text = snippets.get(file);
    if (text === undefined) throw new Error(`Could not find asset ${file}`);
    return text;
  };
  return {
    exists: async (file) => snippets.has(file),
    existsSync: (file) => snippets.has(file),
    readFile: async (file) => read(file),
    readFileSync: read,
    // Only a plain snippet name resolves: no paths, no ../
    resolve: (_dir, file, ext) => (/^[\w.-]+$/.test(file) && !file.includes("..") ? `snippets/${file}${ext}` : ""),
    sep: "/",
    dirname: (file) => file.split("/").slice(0, -1).join("/"),
  };
}

// ---------------------------------------------------------------------------------------------
// Tags

function registerTags(liquid: Liquid, options: ShopifyLiquidOptions): void {
  if (options.kind === "app-extension") {
    for (const [name, hint] of Object.entries(FORBIDDEN_APP_EXTENSION_TAGS)) {
      liquid.registerTag(name, forbiddenTag(`the "${name}" tag is not allowed in theme app extensions (${hint})`));
    }
  }
  for (const name of NOT_EMULATED_TAGS) {
    liquid.registerTag(name, forbiddenTag(`the "${name}" tag is not emulated by the local storefront`));
  }
  liquid.registerTag("render", ShopifyRenderTag);
  liquid.registerTag("schema", skipTag("endschema"));
  liquid.registerTag("doc", skipTag("enddoc"));
  liquid.registerTag("style", StyleTag);
  liquid.registerTag("form", formTag(options.localePrefix ?? ""));
}

function forbiddenTag(message: string): TagClass {
  return class ForbiddenTag extends Tag {
    constructor(token: TagToken, remainTokens: TopLevelToken[], liquid: Liquid) {
      super(token, remainTokens, liquid);
      throw new Error(message);
    }
    render(): void {}
  };
}

/** Shopify's render takes a quoted snippet name only (no variables). */
class ShopifyRenderTag extends RenderTag {
  constructor(token: TagToken, remainTokens: TopLevelToken[], liquid: Liquid, parser: Parser) {
    if (!/^\s*(["'])[\w.-]+\1/.test(token.args)) {
      throw new Error(
        `the "render" tag takes a quoted snippet name, like {% render 'price' %} (got ${token.args.trim()})`,
      );
    }
    super(token, remainTokens, liquid, parser);
  }
}

function skipTag(end: string): TagClass {
  return class SkipTag extends Tag {
    constructor(token: TagToken, remainTokens: TopLevelToken[], liquid: Liquid) {
      super(token, remainTokens, liquid);
      while (remainTokens.length) {
        const next = remainTokens.shift()!;
        if (TypeGuards.isTagToken(next) && next.name === end) return;
      }
      throw new Error(`tag ${token.getText()} not closed`);
    }
    render(): void {}
  };
}

function readBody(token: TagToken, remainTokens: TopLevelToken[], parser: Parser, end: string): Template[] {
  const templates: Template[] = [];
  while (remainTokens.length) {
    const next = remainTokens.shift()!;
    if (TypeGuards.isTagToken(next) && next.name === end) return templates;
    templates.push(parser.parseToken(next, remainTokens));
  }
  throw new Error(`tag ${token.getText()} not closed`);
}

/** {% style %}…{% endstyle %} → <style data-shopify>…</style> */
class StyleTag extends Tag {
  private readonly templates: Template[];

  constructor(token: TagToken, remainTokens: TopLevelToken[], liquid: Liquid, parser: Parser) {
    super(token, remainTokens, liquid);
    this.templates = readBody(token, remainTokens, parser, "endstyle");
  }

  *render(ctx: Context, emitter: Emitter): Generator<unknown, void, unknown> {
    emitter.write("<style data-shopify>");
    yield this.liquid.renderer.renderTemplates(this.templates, ctx, emitter);
    emitter.write("</style>");
  }
}

/** {% form 'product', product, id: 'x', class: 'y' %} and {% form 'cart', cart %}, as Shopify writes them. */
function formTag(localePrefix: string): TagClass {
  return class FormTag extends Tag {
    private readonly formType: ValueToken;
    private readonly object: ValueToken | undefined;
    private readonly hash: Hash;
    private readonly templates: Template[];

    constructor(token: TagToken, remainTokens: TopLevelToken[], liquid: Liquid, parser: Parser) {
      super(token, remainTokens, liquid);
      const t = this.tokenizer;
      const formType = t.readValue();
      if (!formType) throw new Error("the form tag needs a form type, like {% form 'product', product %}");
      this.formType = formType;
      t.skipBlank();
      let object: ValueToken | undefined;
      if (t.peek() === ",") {
        const beforeComma = t.p;
        t.advance();
        t.skipBlank();
        const begin = t.p;
        const identifier = t.readIdentifier();
        t.skipBlank();
        if (identifier.content && t.peek() === ":") t.p = beforeComma;
        else {
          t.p = begin;
          object = t.readValue();
        }
      }
      this.object = object;
      this.hash = new Hash(t, liquid.options.keyValueSeparator);
      this.templates = readBody(token, remainTokens, parser, "endform");
    }

    *render(ctx: Context, emitter: Emitter): Generator<unknown, void, unknown> {
      const type = String(yield evalToken(this.formType, ctx));
      const object = this.object ? ((yield evalToken(this.object, ctx)) as { id?: unknown } | undefined) : undefined;
      const attributes = (yield this.hash.render(ctx)) as Record<string, unknown>;
      let action: string;
      let defaults: Record<string, string>;
      if (type === "product") {
        if (!object || object.id === undefined)
          throw new Error("{% form 'product' %} needs a product, like {% form 'product', product %}");
        action = `${localePrefix}/cart/add`;
        defaults = { id: `product_form_${String(object.id)}`, class: "shopify-product-form" };
      } else if (type === "cart") {
        action = `${localePrefix}/cart`;
        defaults = { id: "cart_form", class: "shopify-cart-form" };
      } else {
        throw new Error(`{% form '${type}' %} is not emulated by the local storefront (only 'product' and 'cart')`);
      }
      const { return_to: returnTo, ...rest } = attributes;
      const merged: Record<string, unknown> = { ...defaults, ...rest };
      let html = `<form method="post" action="${escapeHtml(action)}" accept-charset="UTF-8" enctype="multipart/form-data"`;
      for (const [name, value] of Object.entries(merged)) {
        if (value === false || value === null || value === undefined || !/^[\w:-]+$/.test(name)) continue;
        html += value === true ? ` ${name}` : ` ${name}="${escapeHtml(String(value))}"`;
      }
      html += `><input type="hidden" name="form_type" value="${escapeHtml(type)}" /><input type="hidden" name="utf8" value="✓" />`;
      if (returnTo !== undefined)
        html += `<input type="hidden" name="return_to" value="${escapeHtml(String(returnTo))}" />`;
      emitter.write(html);
      ctx.push({ form: { errors: null, "posted_successfully?": false } });
      try {
        yield this.liquid.renderer.renderTemplates(this.templates, ctx, emitter);
      } finally {
        ctx.pop();
      }
      emitter.write("</form>");
    }
  };
}

// ---------------------------------------------------------------------------------------------
// Filters

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** Keyword arguments of a LiquidJS filter call arrive as [name, value] pairs. */
function keywordArgs(args: unknown[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const arg of args) {
    if (Array.isArray(arg) && arg.length === 2 && typeof arg[0] === "string") out[arg[0]] = arg[1];
  }
  return out;
}

/** Shopify's json: like JSON.stringify, with <, > and & escaped so the output is safe inside <script>. */
export function shopifyJson(value: unknown): string {
  const text = JSON.stringify(value === undefined ? null : value) ?? "null";
  return text.replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026");
}

export function handleize(text: unknown): string {
  return String(text ?? "")
    .toLowerCase()
    .replace(/['"()[\]]/g, "")
    .replace(/[^\p{L}\p{N}]+/gu, "-")
    .replace(/^-+|-+$/g, "");
}

/** The image URL behind an image, product, variant, line item or URL string, or null. */
function imageSource(input: unknown): { src: string; alt: string } | null {
  if (input === null || input === undefined || input === "") return null;
  if (typeof input === "string") return { src: input, alt: "" };
  if (typeof input === "object") {
    const o = input as Record<string, unknown>;
    if (typeof o.src === "string") return { src: o.src, alt: typeof o.alt === "string" ? o.alt : "" };
    for (const key of ["featured_image", "image", "preview_image"]) {
      const nested = o[key];
      if (nested && nested !== input) return imageSource(nested);
    }
  }
  return null;
}

function withQuery(url: string, params: Record<string, unknown>): string {
  const query = Object.entries(params)
    .filter(([, value]) => value !== undefined && value !== null && value !== "")
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`)
    .join("&");
  if (!query) return url;
  return `${url}${url.includes("?") ? "&" : "?"}${query}`;
}

function registerFilters(liquid: Liquid, options: ShopifyLiquidOptions): void {
  const { moneyFormat, moneyWithCurrencyFormat } = options;
  const money = (format: (cents: number) => string) => (value: unknown) => {
    const cents = coerceCents(value);
    return cents === null ? "" : format(cents);
  };
  liquid.registerFilter(
    "money",
    money((c) => formatMoney(c, moneyFormat)),
  );
  liquid.registerFilter(
    "money_with_currency",
    money((c) => formatMoney(c, moneyWithCurrencyFormat)),
  );
  liquid.registerFilter(
    "money_without_currency",
    money((c) => formatMoneyWithoutCurrency(c, moneyFormat)),
  );
  liquid.registerFilter(
    "money_without_trailing_zeros",
    money((c) => formatMoneyWithoutTrailingZeros(c, moneyFormat)),
  );

  liquid.registerFilter("json", (value: unknown) => shopifyJson(value));
  liquid.registerFilter("handleize", handleize);
  liquid.registerFilter("handle", handleize);
  liquid.registerFilter("camelize", (value: unknown) =>
    String(value ?? "")
      .split(/[^A-Za-z0-9]+/)
      .filter(Boolean)
      .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
      .join(""),
  );
  liquid.registerFilter("pluralize", (count: unknown, singular: unknown, plural: unknown) =>
    Number(count) === 1 ? singular : plural,
  );
  liquid.registerFilter("url_escape", (value: unknown) =>
    encodeURI(String(value ?? "")).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`),
  );
  liquid.registerFilter("url_param_escape", (value: unknown) => encodeURIComponent(String(value ?? "")));
  liquid.registerFilter("md5", (value: unknown) =>
    crypto
      .createHash("md5")
      .update(String(value ?? ""))
      .digest("hex"),
  );
  liquid.registerFilter("sha1", (value: unknown) =>
    crypto
      .createHash("sha1")
      .update(String(value ?? ""))
      .digest("hex"),
  );
  liquid.registerFilter("hmac_sha1", (value: unknown, secret: unknown) =>
    crypto
      .createHmac("sha1", String(secret ?? ""))
      .update(String(value ?? ""))
      .digest("hex"),
  );
  liquid.registerFilter("base64_url_safe_encode", (value: unknown) =>
    Buffer.from(String(value ?? "")).toString("base64url"),
  );
  liquid.registerFilter("base64_url_safe_decode", (value: unknown) =>
    Buffer.from(String(value ?? ""), "base64url").toString("utf8"),
  );
  liquid.registerFilter("link_to", (text: unknown, url: unknown, title?: unknown) => {
    const titleAttr = title === undefined || title === null ? "" : ` title="${escapeHtml(String(title))}"`;
    return `<a href="${escapeHtml(String(url ?? ""))}"${titleAttr}>${String(text ?? "")}</a>`;
  });
  liquid.registerFilter(
    "script_tag",
    (url: unknown) => `<script src="${escapeHtml(String(url ?? ""))}" type="text/javascript"></script>`,
  );
  liquid.registerFilter(
    "stylesheet_tag",
    (url: unknown, ...args: unknown[]) =>
      `<link href="${escapeHtml(String(url ?? ""))}" rel="stylesheet" type="text/css" media="${escapeHtml(String(keywordArgs(args).media ?? "all"))}" />`,
  );
  liquid.registerFilter("placeholder_svg_tag", (name: unknown, className?: unknown) => {
    const cls = className ? ` class="${escapeHtml(String(className))}"` : "";
    return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100"${cls} role="img" aria-label="${escapeHtml(String(name ?? "placeholder"))}"><rect width="100" height="100" fill="#e5e5e5"/></svg>`;
  });

  // Images: image_url remembers the alt text of the image it came from, for image_tag.
  const altBySrc = new Map<string, string>();
  liquid.registerFilter("image_url", (input: unknown, ...args: unknown[]) => {
    const image = imageSource(input);
    if (!image) return "";
    const { width, height, crop, format, pad_color: padColor } = keywordArgs(args);
    const url = withQuery(image.src, { width, height, crop, format, pad_color: padColor });
    altBySrc.set(url, image.alt);
    return url;
  });
  liquid.registerFilter("image_tag", (input: unknown, ...args: unknown[]) => {
    const image = imageSource(input);
    if (!image) return "";
    const attrs = keywordArgs(args);
    const query = new URL(image.src, "http://x").searchParams;
    const attributes: Record<string, unknown> = {
      src: image.src,
      alt: attrs.alt ?? altBySrc.get(image.src) ?? image.alt,
      width: attrs.width ?? query.get("width") ?? undefined,
      height: attrs.height ?? query.get("height") ?? undefined,
    };
    for (const [name, value] of Object.entries(attrs)) {
      if (!["alt", "width", "height", "widths", "preload"].includes(name)) attributes[name] = value;
    }
    const html = Object.entries(attributes)
      .filter(([, value]) => value !== undefined && value !== null && value !== false)
      .map(([name, value]) => (value === true ? name : `${name}="${escapeHtml(String(value))}"`))
      .join(" ");
    return `<img ${html}>`;
  });

  liquid.registerFilter("asset_url", (file: unknown) => {
    if (!options.assetUrl) throw new Error("asset_url is only available in theme app extensions");
    return options.assetUrl(String(file ?? ""));
  });
  liquid.registerFilter("inline_asset_content", (file: unknown) => {
    const text = options.readAsset?.(String(file ?? ""));
    if (text === null || text === undefined) throw new Error(`inline_asset_content: no asset named ${String(file)}`);
    return text;
  });

  const t = (key: unknown, ...args: unknown[]) =>
    translate(options.translations, options.locale, String(key ?? ""), keywordArgs(args));
  liquid.registerFilter("t", t);
  liquid.registerFilter("translate", t);

  for (const name of NOT_EMULATED_FILTERS) {
    liquid.registerFilter(name, () => {
      throw new Error(`the Shopify filter "${name}" is not emulated by the local storefront`);
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Translations

function lookup(tree: TranslationTree | undefined, key: string): string | TranslationTree | undefined {
  let node: string | TranslationTree | undefined = tree;
  for (const part of key.split(".")) {
    if (node === undefined || typeof node === "string") return undefined;
    node = node[part];
  }
  return node;
}

/** The locales `t` tries, in order: "fr-CA" → fr-CA, fr, then the default locale. */
export function localeChain(locale: string, defaultLocale: string | null): string[] {
  const chain = [locale];
  const language = locale.split("-")[0];
  if (language && language !== locale) chain.push(language);
  if (defaultLocale && !chain.includes(defaultLocale)) chain.push(defaultLocale);
  return chain;
}

function pluralCategory(locale: string, count: number): string {
  try {
    return new Intl.PluralRules(locale).select(count);
  } catch {
    return count === 1 ? "one" : "other";
  }
}

/**
 * Shopify's `t`: the key in the request locale's file, then in the default locale's; `{{ name }}`
 * placeholders take the keyword arguments (HTML-escaped unless the key ends in `_html`); with
 * `count`, a key whose value has one/other (CLDR plural categories, and `zero` for 0) picks one.
 * A missing key renders "translation missing: <locale>.<key>".
 */
export function translate(
  translations: Translations | undefined,
  locale: string,
  key: string,
  vars: Record<string, unknown> = {},
): string {
  const chain = localeChain(locale, translations?.defaultLocale ?? null);
  let found: string | TranslationTree | undefined;
  let foundLocale = locale;
  for (const candidate of chain) {
    found = lookup(translations?.locales.get(candidate), key);
    if (found !== undefined) {
      foundLocale = candidate;
      break;
    }
  }
  if (found !== undefined && typeof found !== "string") {
    const count = vars.count;
    if (count !== undefined && count !== null) {
      const n = Number(count);
      const category = n === 0 && typeof found.zero === "string" ? "zero" : pluralCategory(foundLocale, n);
      const form = found[category] ?? found.other;
      found = typeof form === "string" ? form : undefined;
    } else found = undefined;
  }
  if (found === undefined) return `translation missing: ${locale}.${key}`;
  const raw = key.endsWith("_html");
  return found.replace(/\{\{\s*([\w-]+)\s*\}\}/g, (match, name: string) => {
    if (!(name in vars)) return match;
    const value = vars[name];
    const text = value === null || value === undefined ? "" : String(value);
    return raw ? text : escapeHtml(text);
  });
}

/** The Liquid environment of one theme app extension for one request. */
export function createAppExtensionLiquid(
  extension: ThemeAppExtension,
  options: Omit<ShopifyLiquidOptions, "kind" | "snippets" | "translations">,
): Liquid {
  return createShopifyLiquid({
    ...options,
    kind: "app-extension",
    snippets: extension.snippets,
    translations: { locales: extension.locales, defaultLocale: extension.defaultLocale },
  });
}

/** Parses every block and snippet of an extension, so syntax errors and forbidden tags surface at once. */
export function checkThemeAppExtension(extension: ThemeAppExtension): void {
  const liquid = createAppExtensionLiquid(extension, {
    moneyFormat: "{{amount}}",
    moneyWithCurrencyFormat: "{{amount}}",
    locale: extension.defaultLocale ?? "en",
  });
  for (const block of extension.blocks) liquid.parse(block.source, block.file);
  for (const [file, source] of extension.snippets) liquid.parse(source, file);
}
