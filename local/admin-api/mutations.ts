// The mutations the emulator implements, with Shopify's validation and userErrors.
import { GraphQLError } from "graphql";
import { type BulkQueryPlan, planBulkQuery, startBulkOperation } from "./bulk";
import {
  APP_NAMESPACE,
  checkKey,
  checkNamespace,
  checkValue,
  isMetafieldType,
  MAX_METAFIELDS_PER_SET,
  metafieldDigest,
  type MetafieldProblem,
} from "./metafields";
import { adminSchema } from "./schema";
import {
  type AdminContext,
  bulkOperationSource,
  discountAppSource,
  metafieldSource,
  nodeSource,
  requireGid,
} from "./sources";
import {
  type AutomaticAppDiscountChanges,
  type AutomaticAppDiscountView,
  gid,
  type MetafieldView,
  type MetafieldWrite,
  parseGid,
  type ShopStore,
} from "./store";
import type { EmulatedMetafield } from "../shop/types";

// ---- metafields ---------------------------------------------------------------------------

interface MetafieldsSetUserError {
  field: string[] | null;
  message: string;
  code: string | null;
  elementIndex: number | null;
}

interface MetafieldInputLike {
  namespace?: string | null;
  key?: string | null;
  type?: string | null;
  value?: string | null;
}

/**
 * Checks one metafield write; returns the write or the problems (field paths relative to the input).
 * `existing` is the stored metafield with the same namespace and key, if any.
 */
function checkMetafieldInput(
  store: ShopStore,
  ownerGid: string,
  input: MetafieldInputLike,
  existing: MetafieldView | undefined,
): { write: MetafieldWrite; problems?: undefined } | { write?: undefined; problems: MetafieldProblem[] } {
  const problems: MetafieldProblem[] = [];
  const namespace = input.namespace ?? APP_NAMESPACE;
  const key = input.key ?? "";
  const type = input.type ?? existing?.type ?? null;
  const value = input.value ?? "";
  const namespaceProblem = checkNamespace(namespace);
  if (namespaceProblem) problems.push(namespaceProblem);
  const keyProblem = checkKey(key);
  if (keyProblem) problems.push(keyProblem);
  if (type === null || type === "") {
    problems.push({ field: ["type"], message: "Type can't be blank.", code: "BLANK" });
  } else if (!isMetafieldType(type)) {
    problems.push({
      field: ["type"],
      message: `Type ${JSON.stringify(type)} is not a valid metafield type.`,
      code: "INVALID_TYPE",
    });
  } else {
    const valueProblem = checkValue(type, value, store.shop.currencyCode);
    if (valueProblem) problems.push(valueProblem);
  }
  if (problems.length > 0) return { problems };
  return { write: { ownerGid, namespace, key, type: type as string, value } };
}

export interface MetafieldsSetInput extends MetafieldInputLike {
  ownerId: string;
  compareDigest?: string | null;
}

/** Canonical owner GID for a supported owner, or an error message. */
function metafieldOwner(store: ShopStore, ownerId: string): { ownerGid: string } | { error: string } {
  const parsed = parseGid(ownerId);
  const kind = store.metafieldOwnerKind(ownerId);
  if (!parsed) return { error: `Invalid global id '${ownerId}'.` };
  if (!kind) return { error: `The local Shopify emulator does not support metafields owned by a ${parsed.type}.` };
  const ownerGid = gid(kind, parsed.id);
  return store.metafieldsOf(ownerGid) ? { ownerGid } : { error: "Owner does not exist." };
}

export function metafieldsSet(context: AdminContext, inputs: readonly MetafieldsSetInput[]) {
  const { store } = context;
  if (inputs.length > MAX_METAFIELDS_PER_SET) {
    const userErrors: MetafieldsSetUserError[] = [
      {
        field: ["metafields"],
        message: `Exceeded the maximum metafields input limit of ${MAX_METAFIELDS_PER_SET}.`,
        code: "LESS_THAN_OR_EQUAL_TO",
        elementIndex: null,
      },
    ];
    return { metafields: [], userErrors };
  }
  const userErrors: MetafieldsSetUserError[] = [];
  const writes: MetafieldWrite[] = [];
  inputs.forEach((input, index) => {
    const at = (field: string[]) => ["metafields", String(index), ...field];
    const owner = metafieldOwner(store, input.ownerId);
    if ("error" in owner) {
      userErrors.push({ field: at(["ownerId"]), message: owner.error, code: "INVALID_VALUE", elementIndex: index });
      return;
    }
    const namespace = input.namespace ?? APP_NAMESPACE;
    const existing = store.metafieldsOf(owner.ownerGid)?.find((m) => m.namespace === namespace && m.key === input.key);
    if (input.compareDigest !== undefined) {
      const current = existing ? metafieldDigest(existing.type, existing.value) : null;
      if (input.compareDigest !== current) {
        userErrors.push({
          field: at(["compareDigest"]),
          message:
            "The resource has been updated since it was loaded. Try again with an updated `compareDigest` value.",
          code: "STALE_OBJECT",
          elementIndex: index,
        });
        return;
      }
    }
    const checked = checkMetafieldInput(store, owner.ownerGid, input, existing);
    if (checked.problems) {
      for (const problem of checked.problems) {
        userErrors.push({
          field: at(problem.field),
          message: problem.message,
          code: problem.code,
          elementIndex: index,
        });
      }
      return;
    }
    writes.push(checked.write);
  });
  // Atomic, like Shopify: one error and nothing is written.
  if (userErrors.length > 0) return { metafields: [], userErrors };
  const stored = store.setMetafields(writes);
  return {
    metafields: stored.map((metafield, index) =>
      metafieldSource((writes[index] as MetafieldWrite).ownerGid, metafield),
    ),
    userErrors,
  };
}

export function metafieldsDelete(
  context: AdminContext,
  inputs: ReadonlyArray<{ ownerId: string; namespace: string; key: string }>,
) {
  const { store } = context;
  const userErrors: Array<{ field: string[]; message: string }> = [];
  const owners = inputs.map((input, index) => {
    const owner = metafieldOwner(store, input.ownerId);
    if ("error" in owner) {
      userErrors.push({ field: ["metafields", String(index), "ownerId"], message: owner.error });
      return null;
    }
    return owner.ownerGid;
  });
  if (userErrors.length > 0) return { deletedMetafields: null, userErrors };
  const keys = inputs.map((input, index) => ({
    ownerGid: owners[index] as string,
    namespace: input.namespace,
    key: input.key,
  }));
  const deleted = store.deleteMetafields(keys);
  return {
    // Shopify answers null for a metafield that did not exist.
    deletedMetafields: inputs.map((input, index) =>
      deleted[index] ? { ownerId: input.ownerId, namespace: input.namespace, key: input.key } : null,
    ),
    userErrors,
  };
}

// ---- discounts -----------------------------------------------------------------------------

interface DiscountUserError {
  field: string[] | null;
  message: string;
  code: string | null;
  extraInfo: string | null;
}

export interface DiscountAutomaticAppInput {
  title?: string | null;
  functionId?: string | null;
  startsAt?: string | null;
  endsAt?: string | null;
  discountClasses?: Array<"PRODUCT" | "ORDER" | "SHIPPING"> | null;
  combinesWith?: {
    orderDiscounts?: boolean | null;
    productDiscounts?: boolean | null;
    shippingDiscounts?: boolean | null;
  } | null;
  metafields?: Array<MetafieldInputLike & { id?: string | null }> | null;
  appliesOnOneTimePurchase?: boolean | null;
  appliesOnSubscription?: boolean | null;
  recurringCycleLimit?: number | null;
}

const discountError = (field: string[], message: string, code: string): DiscountUserError => ({
  field: ["automaticAppDiscount", ...field],
  message,
  code,
  extraInfo: null,
});

function normalizeTimestamp(value: string): string {
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? value : new Date(parsed).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** Validates a create/update input against the current discount (update) and returns the changes. */
function checkDiscountInput(
  context: AdminContext,
  input: DiscountAutomaticAppInput,
  current: AutomaticAppDiscountView | undefined,
  ownerGid: string | null,
): { changes: AutomaticAppDiscountChanges; errors: DiscountUserError[] } {
  const { store } = context;
  const errors: DiscountUserError[] = [];
  const changes: AutomaticAppDiscountChanges = {};
  // The schema defaults these to a one-time-purchase discount; subscriptions are not emulated.
  if (input.appliesOnSubscription === true || input.appliesOnOneTimePurchase === false) {
    throw new GraphQLError(
      "The local Shopify emulator does not implement subscription discounts (DiscountAutomaticAppInput.appliesOnSubscription / appliesOnOneTimePurchase)",
    );
  }
  if (input.title !== undefined && input.title !== null) changes.title = input.title.trim();
  const title = changes.title ?? current?.title ?? "";
  if (title === "") errors.push(discountError(["title"], "Title can't be blank", "BLANK"));
  if (title.length > 255)
    errors.push(discountError(["title"], "Title is too long (maximum is 255 characters)", "TOO_LONG"));

  if (input.functionId !== undefined && input.functionId !== null) changes.functionId = input.functionId.trim();
  if ((changes.functionId ?? current?.functionId ?? "") === "") {
    errors.push(discountError(["functionId"], "Function id can't be blank", "BLANK"));
  }

  if (input.startsAt) changes.startsAt = normalizeTimestamp(input.startsAt);
  if (input.endsAt !== undefined) changes.endsAt = input.endsAt === null ? null : normalizeTimestamp(input.endsAt);
  const startsAt = changes.startsAt ?? current?.startsAt ?? store.timestamp();
  changes.startsAt = startsAt;
  const endsAt = changes.endsAt !== undefined ? changes.endsAt : (current?.endsAt ?? null);
  if (endsAt !== null && Date.parse(endsAt) <= Date.parse(startsAt)) {
    errors.push(discountError(["endsAt"], "Ends at needs to be after starts_at", "INVALID"));
  }

  if (input.discountClasses !== undefined && input.discountClasses !== null) {
    if (input.discountClasses.length === 0) {
      errors.push(discountError(["discountClasses"], "Discount classes can't be blank", "BLANK"));
    }
    changes.discountClasses = [...new Set(input.discountClasses)];
  }
  if (input.combinesWith) {
    // The schema defaults each omitted flag to false, so the input always carries all three.
    changes.combinesWith = {
      orderDiscounts: input.combinesWith.orderDiscounts ?? false,
      productDiscounts: input.combinesWith.productDiscounts ?? false,
      shippingDiscounts: input.combinesWith.shippingDiscounts ?? false,
    };
  }

  if (input.metafields && input.metafields.length > 0) {
    const metafields: EmulatedMetafield[] = (current?.metafields ?? []).map((m) => ({ ...m }));
    const updatedAt = store.timestamp();
    input.metafields.forEach((metafield, index) => {
      if (metafield.id) {
        throw new GraphQLError(
          "The local Shopify emulator does not implement MetafieldInput.id: use namespace and key",
        );
      }
      const namespace = metafield.namespace ?? APP_NAMESPACE;
      const existing = metafields.find((m) => m.namespace === namespace && m.key === metafield.key);
      const checked = checkMetafieldInput(store, ownerGid ?? "", metafield, existing);
      if (checked.problems) {
        for (const problem of checked.problems) {
          errors.push(discountError(["metafields", String(index), ...problem.field], problem.message, "INVALID"));
        }
        return;
      }
      const { namespace: ns, key, type, value } = checked.write;
      const stored: EmulatedMetafield = { namespace: ns, key, type, value, updatedAt };
      if (existing) Object.assign(existing, stored);
      else metafields.push(stored);
    });
    changes.metafields = metafields;
  }
  return { changes, errors };
}

export function discountAutomaticAppCreate(context: AdminContext, input: DiscountAutomaticAppInput) {
  const { changes, errors } = checkDiscountInput(context, input, undefined, null);
  if (errors.length > 0) return { automaticAppDiscount: null, userErrors: errors };
  const discount = context.store.createAutomaticAppDiscount({
    title: changes.title ?? "",
    functionId: changes.functionId ?? "",
    startsAt: changes.startsAt ?? context.store.timestamp(),
    endsAt: changes.endsAt ?? null,
    // Shopify takes the classes from the function when omitted; the emulator cannot see the
    // function, so it assumes a product discount.
    discountClasses: changes.discountClasses ?? ["PRODUCT"],
    combinesWith: changes.combinesWith ?? { orderDiscounts: false, productDiscounts: false, shippingDiscounts: false },
    metafields: changes.metafields ?? [],
  });
  return { automaticAppDiscount: discountAppSource(discount), userErrors: [] };
}

export function findDiscount(context: AdminContext, id: unknown): AutomaticAppDiscountView | undefined {
  const parsed = requireGid(id);
  if (parsed.type !== "DiscountAutomaticNode" && parsed.type !== "DiscountNode") return undefined;
  return context.store.automaticAppDiscount(parsed.id);
}

export const missingDiscount = (): DiscountUserError[] => [
  { field: ["id"], message: "Discount does not exist", code: "INVALID", extraInfo: null },
];

export function discountAutomaticAppUpdate(context: AdminContext, id: unknown, input: DiscountAutomaticAppInput) {
  const current = findDiscount(context, id);
  if (!current) return { automaticAppDiscount: null, userErrors: missingDiscount() };
  const { changes, errors } = checkDiscountInput(context, input, current, gid("DiscountAutomaticNode", current.id));
  if (errors.length > 0) return { automaticAppDiscount: null, userErrors: errors };
  const discount = context.store.updateAutomaticAppDiscount(current.id, changes);
  return { automaticAppDiscount: discount ? discountAppSource(discount) : null, userErrors: [] };
}

// ---- code discounts and Flow triggers ------------------------------------------------------

/** The part of DiscountCodeBasicInput the emulator implements; anything else it is given fails loudly. */
export interface DiscountCodeBasicInput {
  title?: string | null;
  code?: string | null;
  startsAt?: string | null;
  endsAt?: string | null;
  usageLimit?: number | null;
  appliesOncePerCustomer?: boolean | null;
  customerSelection?: { all?: boolean | null; customers?: { add?: string[] | null } | null } | null;
  customerGets?: {
    value?: { percentage?: number | null } | null;
    items?: { all?: boolean | null; products?: { productsToAdd?: string[] | null } | null } | null;
  } | null;
  combinesWith?: unknown;
}

const IMPLEMENTED_CODE_INPUT = new Set([
  "title",
  "code",
  "startsAt",
  "endsAt",
  "usageLimit",
  "appliesOncePerCustomer",
  "customerSelection",
  "customerGets",
  "combinesWith",
]);

const codeError = (field: string[], message: string, code: string): DiscountUserError => ({
  field: ["basicCodeDiscount", ...field],
  message,
  code,
  extraInfo: null,
});

/** discountCodeBasicCreate: percentage off listed products for listed customers (what the app uses). */
export function discountCodeBasicCreate(context: AdminContext, input: DiscountCodeBasicInput) {
  const { store } = context;
  for (const key of Object.keys(input)) {
    if (!IMPLEMENTED_CODE_INPUT.has(key)) {
      throw new GraphQLError(`The local Shopify emulator does not implement DiscountCodeBasicInput.${key}`);
    }
  }
  const percentage = input.customerGets?.value?.percentage;
  if (input.customerGets?.value && percentage == null) {
    throw new GraphQLError("The local Shopify emulator implements only percentage values in DiscountCodeBasicInput");
  }
  const errors: DiscountUserError[] = [];
  const title = (input.title ?? "").trim();
  if (title === "") errors.push(codeError(["title"], "Title can't be blank", "BLANK"));
  const code = (input.code ?? "").trim();
  if (code === "") errors.push(codeError(["code"], "Code can't be blank", "BLANK"));
  else if (store.codeDiscountByCode(code)) errors.push(codeError(["code"], "Code must be unique", "TAKEN"));
  if (percentage == null || percentage <= 0 || percentage > 1) {
    errors.push(
      codeError(["customerGets", "value", "percentage"], "Value must be between 0.0 and 1.0", "VALUE_OUTSIDE_RANGE"),
    );
  }
  if (input.usageLimit != null && input.usageLimit < 1) {
    errors.push(codeError(["usageLimit"], "Usage limit must be greater than 0", "GREATER_THAN"));
  }
  const productIds = (input.customerGets?.items?.products?.productsToAdd ?? []).map((id) => requireGid(id));
  if (productIds.some((p) => p.type !== "Product" || !store.product(p.id))) {
    errors.push(codeError(["customerGets", "items", "products", "productsToAdd"], "Product does not exist", "INVALID"));
  }
  const customerIds = (input.customerSelection?.customers?.add ?? []).map((id) => requireGid(id));
  if (customerIds.some((c) => c.type !== "Customer" || !store.customer(c.id))) {
    errors.push(codeError(["customerSelection", "customers", "add"], "Customer does not exist", "INVALID"));
  }
  const startsAt = input.startsAt ? normalizeTimestamp(input.startsAt) : store.timestamp();
  const endsAt = input.endsAt ? normalizeTimestamp(input.endsAt) : null;
  if (endsAt !== null && Date.parse(endsAt) <= Date.parse(startsAt)) {
    errors.push(codeError(["endsAt"], "Ends at needs to be after starts_at", "INVALID"));
  }
  if (errors.length > 0) return { codeDiscountNode: null, userErrors: errors };
  const discount = store.createCodeDiscount({
    title,
    code,
    percentage: percentage!,
    productIds: productIds.map((p) => p.id),
    customerIds: customerIds.map((c) => c.id),
    usageLimit: input.usageLimit ?? null,
    appliesOncePerCustomer: input.appliesOncePerCustomer ?? false,
    startsAt,
    endsAt,
  });
  return {
    codeDiscountNode: { __typename: "DiscountCodeNode", id: gid("DiscountCodeNode", discount.id) },
    userErrors: [],
  };
}

export function discountCodeDelete(context: AdminContext, id: unknown) {
  const parsed = requireGid(id);
  const deleted = parsed.type === "DiscountCodeNode" && context.store.deleteCodeDiscount(parsed.id);
  if (!deleted) {
    return {
      deletedCodeDiscountId: null,
      userErrors: [{ field: ["id"], message: "Discount does not exist", code: "INVALID", extraInfo: null }],
    };
  }
  return { deletedCodeDiscountId: gid("DiscountCodeNode", parsed.id), userErrors: [] };
}

/** flowTriggerReceive: recorded in the shop for tests and the demo; Shopify wants a handle and a JSON object. */
export function flowTriggerReceive(context: AdminContext, handle: unknown, payload: unknown) {
  if (typeof handle !== "string" || handle.trim() === "") {
    return { userErrors: [{ field: ["handle"], message: "Handle can't be blank" }] };
  }
  if (payload === null || typeof payload !== "object" || Array.isArray(payload)) {
    return { userErrors: [{ field: ["payload"], message: "Payload must be a JSON object" }] };
  }
  context.store.recordFlowTrigger(handle, payload);
  return { userErrors: [] };
}

// ---- tags and bulk operations --------------------------------------------------------------

/** Shopify accepts tags as a list, each item possibly a comma-separated list. */
function splitTags(tags: readonly string[]): string[] {
  return tags
    .flatMap((tag) => tag.split(","))
    .map((tag) => tag.trim())
    .filter((tag) => tag.length > 0);
}

export function changeTags(context: AdminContext, id: unknown, tags: readonly string[], add: boolean) {
  const parsed = requireGid(id);
  const list = splitTags(tags);
  const tooLong = list.find((tag) => tag.length > 255);
  if (tooLong)
    return { node: null, userErrors: [{ field: ["tags"], message: "Tags are too long (maximum is 255 characters)" }] };
  const ownerGid = gid(parsed.type, parsed.id);
  const done = add ? context.store.addTags(ownerGid, list) : context.store.removeTags(ownerGid, list);
  if (!done) return { node: null, userErrors: [{ field: ["id"], message: "Resource not found" }] };
  return { node: nodeSource(context.store, ownerGid), userErrors: [] };
}

export function bulkOperationRunQuery(context: AdminContext, query: string) {
  const { store } = context;
  const running = store.shop.bulkOperations.find((op) => op.type === "QUERY" && op.status === "RUNNING");
  if (running) {
    return {
      bulkOperation: null,
      userErrors: [
        {
          field: null,
          message: `A bulk query operation for this app and shop is already in progress: ${gid("BulkOperation", running.id)}.`,
          code: "OPERATION_IN_PROGRESS",
        },
      ],
    };
  }
  const checked = planBulkQuery(adminSchema(), query);
  if (checked.errors) {
    context.log(`[shopify-emulator] bulkOperationRunQuery rejected the query:\n  ${checked.errors.join("\n  ")}`);
    return {
      bulkOperation: null,
      userErrors: checked.errors.map((message) => ({ field: ["query"], message, code: "INVALID" })),
    };
  }
  const plan: BulkQueryPlan = checked.plan;
  const operation = store.createBulkOperation(query, "QUERY");
  startBulkOperation(store, operation, plan, context.runBulkQuery, context.log);
  return { bulkOperation: bulkOperationSource(operation), userErrors: [] };
}

export function bulkOperationCancel(context: AdminContext, id: unknown) {
  const { store } = context;
  const parsed = requireGid(id);
  const operation = parsed.type === "BulkOperation" ? store.bulkOperation(parsed.id) : undefined;
  if (!operation)
    return { bulkOperation: null, userErrors: [{ field: ["id"], message: "Bulk operation does not exist" }] };
  if (operation.status !== "RUNNING") {
    return {
      bulkOperation: bulkOperationSource(operation),
      userErrors: [
        { field: null, message: `A bulk operation cannot be canceled when it is ${operation.status.toLowerCase()}` },
      ],
    };
  }
  const canceled = store.finishBulkOperation(operation.id, {
    status: "CANCELED",
    errorCode: null,
    objectCount: 0,
    resultJsonl: null,
    completedAt: store.timestamp(),
  });
  return { bulkOperation: bulkOperationSource(canceled ?? operation), userErrors: [] };
}
