// Checks Function inputs and outputs against Shopify's schema, in the spirit of
// @shopify/shopify-function-test-helpers:
// - an input must have exactly the shape the input query selects (no field the query does not
//   select, none missing) with values of the schema's types;
// - an output must be a valid value of the target's result input type (CartLinesDiscountsGenerateRunResult).
import {
  coerceInputValue,
  isAbstractType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  Kind,
  type DocumentNode,
  type FieldNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";

const DECIMAL = /^-?\d+(?:\.\d+)?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 31 - 1;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Problems with a scalar value; `output` is true for values the Function writes. */
function scalarProblem(name: string, value: unknown, output: boolean): string | null {
  switch (name) {
    case "String":
      return typeof value === "string" ? null : "expected a string";
    case "ID":
      return typeof value === "string" || (output && Number.isInteger(value)) ? null : "expected an ID string";
    case "Boolean":
      return typeof value === "boolean" ? null : "expected a boolean";
    case "Int":
      return Number.isInteger(value) && (value as number) >= INT_MIN && (value as number) <= INT_MAX
        ? null
        : "expected a 32-bit integer";
    case "Float":
      return typeof value === "number" && Number.isFinite(value) ? null : "expected a number";
    case "Decimal":
      // Shopify sends decimals as strings ("12.0"); a Function may answer with strings or numbers.
      if (typeof value === "string" && DECIMAL.test(value)) return null;
      return output && typeof value === "number" && Number.isFinite(value) ? null : "expected a decimal string";
    case "Date":
      return typeof value === "string" && DATE.test(value) ? null : "expected a YYYY-MM-DD date";
    case "JSON":
      return value === undefined ? "expected a JSON value" : null;
    default:
      return typeof value === "string" ? null : `expected a ${name} string`;
  }
}

// ---------------------------------------------------------------------------------------------
// Input fixtures against the query

/** Everything wrong with `input` as a response to `document` (empty when it matches). */
export function inputProblems(schema: GraphQLSchema, document: DocumentNode, input: unknown): string[] {
  const operation = document.definitions.find(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  const root = schema.getQueryType();
  if (!operation || !root) return ["the document has no query"];
  const problems: string[] = [];
  checkSelection(schema, root, operation.selectionSet, input, "input", problems);
  return problems;
}

interface SelectedField {
  node: FieldNode;
  def: GraphQLField<unknown, unknown> | null;
}

/** Response key → field, for the fields `selectionSet` selects on the concrete type `type`. */
function selectedFields(
  schema: GraphQLSchema,
  type: GraphQLObjectType,
  selectionSet: SelectionSetNode,
  into = new Map<string, SelectedField>(),
): Map<string, SelectedField> {
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      const name = selection.name.value;
      into.set(selection.alias?.value ?? name, {
        node: selection,
        def: name === "__typename" ? null : (type.getFields()[name] ?? null),
      });
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const condition = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : type;
      const applies = condition === type || (isAbstractType(condition) && schema.isSubType(condition, type));
      if (applies) selectedFields(schema, type, selection.selectionSet, into);
    }
  }
  return into;
}

function checkSelection(
  schema: GraphQLSchema,
  type: GraphQLCompositeType,
  selectionSet: SelectionSetNode,
  value: unknown,
  path: string,
  problems: string[],
): void {
  if (!isRecord(value)) {
    problems.push(`${path}: expected an object`);
    return;
  }
  let concrete: GraphQLObjectType;
  if (isObjectType(type)) {
    concrete = type;
  } else {
    // An abstract type: __typename if present, else the member whose selected fields match the keys.
    const members = schema.getPossibleTypes(type);
    const keys = Object.keys(value).sort().join(",");
    const named = typeof value.__typename === "string" ? members.find((m) => m.name === value.__typename) : undefined;
    const matching =
      named ?? members.find((m) => [...selectedFields(schema, m, selectionSet).keys()].sort().join(",") === keys);
    if (!matching) {
      problems.push(`${path}: matches no member of ${type.name} the query selects`);
      return;
    }
    concrete = matching;
  }
  const fields = selectedFields(schema, concrete, selectionSet);
  for (const key of Object.keys(value)) {
    if (!fields.has(key)) problems.push(`${path}.${key}: not selected by the input query`);
  }
  for (const [key, field] of fields) {
    const here = `${path}.${key}`;
    if (!(key in value)) {
      problems.push(`${here}: missing`);
      continue;
    }
    if (!field.def) {
      if (value[key] !== concrete.name) problems.push(`${here}: expected "${concrete.name}"`);
      continue;
    }
    checkOutputValue(schema, field.def.type, field.node.selectionSet, value[key], here, problems);
  }
}

function checkOutputValue(
  schema: GraphQLSchema,
  type: GraphQLOutputType,
  selectionSet: SelectionSetNode | undefined,
  value: unknown,
  path: string,
  problems: string[],
): void {
  if (isNonNullType(type)) {
    if (value === null || value === undefined) problems.push(`${path}: must not be null`);
    else checkOutputValue(schema, type.ofType, selectionSet, value, path, problems);
    return;
  }
  if (value === null) return;
  if (isListType(type)) {
    if (!Array.isArray(value)) problems.push(`${path}: expected a list`);
    else
      value.forEach((item, i) => checkOutputValue(schema, type.ofType, selectionSet, item, `${path}[${i}]`, problems));
    return;
  }
  if (isScalarType(type)) {
    const problem = scalarProblem(type.name, value, false);
    if (problem) problems.push(`${path}: ${problem} (${type.name})`);
    return;
  }
  if (isEnumType(type)) {
    if (typeof value !== "string" || !type.getValue(value)) problems.push(`${path}: not a ${type.name} value`);
    return;
  }
  if (!selectionSet) {
    problems.push(`${path}: ${type.name} needs a selection`);
    return;
  }
  checkSelection(schema, type, selectionSet, value, path, problems);
}

// ---------------------------------------------------------------------------------------------
// Outputs against the result input type

/** Everything wrong with `value` as a `typeName` input value (empty when valid). */
export function outputProblems(schema: GraphQLSchema, typeName: string, value: unknown): string[] {
  const type = schema.getType(typeName);
  if (!isInputObjectType(type)) return [`the schema has no input type ${typeName}`];
  const problems: string[] = [];
  checkInputValue(type, value, "output", problems);
  // graphql-js's own coercion as a second opinion (custom scalars pass through it unchecked).
  coerceInputValue(value, type, (path, _invalid, error) => {
    problems.push(`output${path.map((p) => (typeof p === "number" ? `[${p}]` : `.${p}`)).join("")}: ${error.message}`);
  });
  return [...new Set(problems)];
}

function checkInputValue(type: GraphQLInputType, value: unknown, path: string, problems: string[]): void {
  if (isNonNullType(type)) {
    if (value === null || value === undefined) problems.push(`${path}: must not be null`);
    else checkInputValue(type.ofType, value, path, problems);
    return;
  }
  if (value === null || value === undefined) return;
  if (isListType(type)) {
    if (!Array.isArray(value)) problems.push(`${path}: expected a list`);
    else value.forEach((item, i) => checkInputValue(type.ofType, item, `${path}[${i}]`, problems));
    return;
  }
  if (isScalarType(type)) {
    const problem = scalarProblem(type.name, value, true);
    if (problem) problems.push(`${path}: ${problem} (${type.name})`);
    return;
  }
  if (isEnumType(type)) {
    if (typeof value !== "string" || !type.getValue(value)) problems.push(`${path}: not a ${type.name} value`);
    return;
  }
  if (!isRecord(value)) {
    problems.push(`${path}: expected a ${type.name} object`);
    return;
  }
  const fields = type.getFields();
  for (const key of Object.keys(value)) {
    if (!(key in fields)) problems.push(`${path}.${key}: ${type.name} has no field ${key}`);
  }
  if (type.isOneOf) {
    const set = Object.keys(value).filter((k) => value[k] !== null && value[k] !== undefined);
    if (set.length !== 1 || Object.keys(value).length !== 1) {
      problems.push(`${path}: ${type.name} takes exactly one field (got ${Object.keys(value).join(", ") || "none"})`);
    }
  }
  for (const field of Object.values(fields)) {
    const here = `${path}.${field.name}`;
    if (!(field.name in value)) {
      if (isNonNullType(field.type) && field.defaultValue === undefined) problems.push(`${here}: missing`);
      continue;
    }
    checkInputValue(field.type, value[field.name], here, problems);
  }
}
