// Generates generated/api.ts: the input type our query selects and the result type Shopify accepts,
// from Shopify's schema and src/cart_lines_discounts_generate_run.graphql, with graphql-js only.
//
//   npx tsx extensions/bundle-discount/scripts/codegen.ts           write generated/api.ts
//   npx tsx extensions/bundle-discount/scripts/codegen.ts --check   exit 1 if it is stale
//
// A unit test fails when the committed file differs from what this script produces.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  type GraphQLEnumType,
  type GraphQLInputObjectType,
  GraphQLList,
  GraphQLNonNull,
  GraphQLScalarType,
  isAbstractType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  Kind,
  type DocumentNode,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";
import * as prettier from "prettier";
import { API_VERSION, GENERATED_API_PATH, loadInputQuery, loadSchema, RESULT_TYPE } from "./schema";

/** TypeScript types for the schema's scalars; Decimal amounts travel as strings ("12.34"). */
const SCALARS: Readonly<Record<string, string>> = {
  ID: "string",
  String: "string",
  Boolean: "boolean",
  Int: "number",
  Float: "number",
  Decimal: "string",
  JSON: "unknown",
  Date: "string",
  DateTime: "string",
  DateTimeWithoutTimezone: "string",
  TimeWithoutTimezone: "string",
  Handle: "string",
  URL: "string",
  Void: "null",
};

const HEADER = `// GENERATED — do not edit. Run \`npx tsx extensions/bundle-discount/scripts/codegen.ts\` after changing
// src/cart_lines_discounts_generate_run.graphql or the schema version (Discount Function API ${API_VERSION}).
`;

class Generator {
  private readonly enums = new Set<GraphQLEnumType>();
  private readonly inputs: GraphQLInputObjectType[] = [];

  constructor(private readonly schema: GraphQLSchema) {}

  render(document: DocumentNode): string {
    const operations = document.definitions.filter(
      (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
    );
    const out: string[] = [HEADER];
    const body: string[] = [];
    for (const operation of operations) {
      if (!operation.name) throw new Error("Name the input query: its name becomes the generated type's name");
      const root = this.schema.getRootType(operation.operation);
      if (!root) throw new Error(`The schema has no ${operation.operation} root`);
      body.push(
        `/** The Function's input: what \`${operation.name.value}\` selects. */\n` +
          `export type ${operation.name.value} = ${this.selection(root, operation.selectionSet)};\n`,
      );
    }
    const result = this.schema.getType(RESULT_TYPE);
    if (!isInputObjectType(result)) throw new Error(`The schema has no input type ${RESULT_TYPE}`);
    this.collectInput(result);
    for (const input of this.inputs) body.push(this.inputObject(input));
    const enums = [...this.enums].sort((a, b) => a.name.localeCompare(b.name));
    for (const e of enums) {
      out.push(
        `${doc(e.description)}export type ${e.name} = ${e
          .getValues()
          .map((v) => JSON.stringify(v.value))
          .join(" | ")};\n`,
      );
    }
    return [...out, ...body].join("\n");
  }

  /** The TS type of a selection set on an object, interface or union type. */
  private selection(parent: GraphQLNamedType, selectionSet: SelectionSetNode): string {
    if (isAbstractType(parent)) {
      const members = this.schema.getPossibleTypes(parent);
      const shapes = members.map((member) => this.fieldsFor(member, selectionSet, parent));
      const allKeys = new Set(shapes.flatMap((shape) => [...shape.keys()]));
      return shapes
        .map((shape) => {
          const entries = [...allKeys].map((key) => (shape.has(key) ? `${key}: ${shape.get(key)}` : `${key}?: never`));
          return `{ ${entries.join("; ")} }`;
        })
        .join(" | ");
    }
    if (!isObjectType(parent)) throw new Error(`Cannot select fields on ${parent.name}`);
    const shape = this.fieldsFor(parent, selectionSet, parent);
    return `{ ${[...shape].map(([key, type]) => `${key}: ${type}`).join("; ")} }`;
  }

  /** Response key → TS type for the fields `selectionSet` selects on the concrete type `type`. */
  private fieldsFor(
    type: GraphQLObjectType,
    selectionSet: SelectionSetNode,
    declared: GraphQLNamedType,
    shape = new Map<string, string>(),
  ): Map<string, string> {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        const key = selection.alias?.value ?? selection.name.value;
        if (selection.name.value === "__typename") {
          shape.set(key, JSON.stringify(type.name));
          continue;
        }
        const field = type.getFields()[selection.name.value] ?? fieldOf(declared, selection.name.value);
        if (!field) throw new Error(`${type.name} has no field ${selection.name.value}`);
        shape.set(key, this.outputType(field.type, selection.selectionSet));
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const condition = selection.typeCondition?.name.value;
        const applies =
          !condition ||
          condition === type.name ||
          type.getInterfaces().some((i) => i.name === condition) ||
          ((): boolean => {
            const conditionType = this.schema.getType(condition);
            return isAbstractType(conditionType) && this.schema.isSubType(conditionType, type);
          })();
        if (applies) this.fieldsFor(type, selection.selectionSet, declared, shape);
      } else {
        throw new Error("Named fragments are not supported: inline them");
      }
    }
    return shape;
  }

  private outputType(type: GraphQLOutputType, selectionSet: SelectionSetNode | undefined, nullable = true): string {
    if (isNonNullType(type)) return this.outputType(type.ofType, selectionSet, false);
    const suffix = nullable ? " | null" : "";
    if (isListType(type)) return `Array<${this.outputType(type.ofType, selectionSet)}>${suffix}`;
    if (isScalarType(type)) return `${scalar(type)}${suffix}`;
    if (isEnumType(type)) {
      this.enums.add(type);
      return `${type.name}${suffix}`;
    }
    if (!selectionSet) throw new Error(`${type.name} needs a selection set`);
    return `${this.selection(type, selectionSet)}${suffix}`;
  }

  private collectInput(type: GraphQLInputObjectType): void {
    if (this.inputs.includes(type)) return;
    this.inputs.push(type);
    for (const field of Object.values(type.getFields())) {
      const named = unwrap(field.type);
      if (isInputObjectType(named)) this.collectInput(named);
      if (isEnumType(named)) this.enums.add(named);
    }
  }

  private inputObject(type: GraphQLInputObjectType): string {
    const fields = Object.values(type.getFields());
    if (type.isOneOf) {
      // Exactly one field, non-null.
      const members = fields.map((f) => `{ ${f.name}: ${this.inputType(f.type, false)} }`);
      return `${doc(type.description)}export type ${type.name} = ${members.join(" | ")};\n`;
    }
    const entries = fields.map((f) => {
      const optional = !isNonNullType(f.type);
      return `${doc(f.description)}${f.name}${optional ? "?" : ""}: ${this.inputType(f.type)}`;
    });
    return `${doc(type.description)}export type ${type.name} = {\n${entries.join(";\n")}\n};\n`;
  }

  private inputType(type: GraphQLInputType, nullable = true): string {
    if (type instanceof GraphQLNonNull) return this.inputType(type.ofType, false);
    const suffix = nullable ? " | null" : "";
    if (type instanceof GraphQLList) return `Array<${this.inputType(type.ofType)}>${suffix}`;
    if (type instanceof GraphQLScalarType) return `${scalar(type)}${suffix}`;
    return `${type.name}${suffix}`;
  }
}

function fieldOf(type: GraphQLNamedType, name: string) {
  return isObjectType(type) ? type.getFields()[name] : undefined;
}

function unwrap(type: GraphQLInputType): GraphQLNamedType {
  return isNonNullType(type) || isListType(type) ? unwrap(type.ofType) : type;
}

function scalar(type: GraphQLScalarType): string {
  const ts = SCALARS[type.name];
  if (!ts) throw new Error(`Add scalar ${type.name} to SCALARS in codegen.ts`);
  return ts;
}

/** A one-line JSDoc from a schema description (first sentence only, to keep the file readable). */
function doc(description: string | null | undefined): string {
  if (!description) return "";
  const first =
    description
      .replace(/\s+/g, " ")
      .trim()
      .split(/(?<=\.)\s/)[0] ?? "";
  return `/** ${first.replaceAll("*/", "*\\/")} */\n`;
}

/** The formatted contents of generated/api.ts for the current schema and query. */
export async function renderGeneratedApi(): Promise<string> {
  const schema = loadSchema();
  const source = new Generator(schema).render(loadInputQuery());
  const options = (await prettier.resolveConfig(GENERATED_API_PATH)) ?? {};
  return prettier.format(source, { ...options, filepath: GENERATED_API_PATH });
}

async function main(): Promise<void> {
  const content = await renderGeneratedApi();
  const current = fs.existsSync(GENERATED_API_PATH) ? fs.readFileSync(GENERATED_API_PATH, "utf8") : "";
  if (process.argv.includes("--check")) {
    if (current !== content) {
      console.error(`${path.relative(process.cwd(), GENERATED_API_PATH)} is stale: run the codegen script`);
      process.exitCode = 1;
    }
    return;
  }
  fs.writeFileSync(GENERATED_API_PATH, content);
  console.log(`wrote ${path.relative(process.cwd(), GENERATED_API_PATH)}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
