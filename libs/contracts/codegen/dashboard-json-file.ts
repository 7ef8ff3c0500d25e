import { ScalarType } from '@bufbuild/protobuf';
import { FeatureSet_FieldPresence } from '@bufbuild/protobuf/wkt';
import { type GeneratedFile, getComments, type Printable, type Schema } from '@bufbuild/protoplugin';
import { enumValueJsonName } from '../src/dashboard-json/names.js';

// protoplugin brings its own copy of @bufbuild/protobuf (pinned to its version, which follows
// protoc-gen-es's); its descriptor types are taken from its Schema so the two copies never meet.
// The enums below (ScalarType, field presence) are numbers fixed by descriptor.proto.
type DescFile = Schema['files'][number];
type AnyDesc = ReturnType<Schema['typesInFile']> extends Iterable<infer T> ? T : never;
type DescEnum = Extract<AnyDesc, { kind: 'enum' }>;
type DescMessage = Extract<AnyDesc, { kind: 'message' }>;
type DescField = DescMessage['fields'][number];

/** Plugin options: where the generated files import `dashboardJsonSchema` from (relative to `out`). */
export interface Options {
  readonly runtimeImport: string;
}

/** Writes `<file>_json.ts` for every proto file buf asks for. */
export function generateDashboardJson(schema: Schema<Options>): void {
  for (const file of schema.files) {
    const f = schema.generateFile(`${file.name}_json.ts`);
    f.preamble(file);
    const enums: DescEnum[] = [];
    const messages: DescMessage[] = [];
    for (const desc of schema.typesInFile(file)) {
      if (desc.kind === 'enum') enums.push(desc);
      if (desc.kind === 'message') messages.push(desc);
    }
    const ctx: Ctx = { f, file, runtime: schema.options.runtimeImport };
    for (const desc of enums) printEnum(ctx, desc);
    for (const desc of dependencyOrder(messages, file)) printMessage(ctx, desc);
  }
}

interface Ctx {
  readonly f: GeneratedFile;
  readonly file: DescFile;
  readonly runtime: string;
}

const timestamp = 'google.protobuf.Timestamp';
// Struct and Value carry free-form JSON (module settings, their schema): an object, any JSON value.
const struct = 'google.protobuf.Struct';
const value = 'google.protobuf.Value';

const jsonName = (ctx: Ctx, desc: DescMessage | DescEnum) => `${ctx.f.importShape(desc).name}Json`;

// A reference to the Json type/schema of `desc`: a plain name in this file, an import otherwise.
function ref(ctx: Ctx, desc: DescMessage | DescEnum): Printable {
  const name = jsonName(ctx, desc);
  return desc.file === ctx.file ? name : ctx.f.import(name, `./${desc.file.name}_json.js`);
}

function description(desc: DescMessage | DescEnum | DescField): string | undefined {
  const text = getComments(desc)
    .leading?.trim()
    .replace(/\s*\n\s*/g, ' ');
  return text ? text : undefined;
}

function printEnum(ctx: Ctx, desc: DescEnum) {
  const { f } = ctx;
  const names = desc.values
    .filter((v) => v.number !== 0)
    .map((v) => enumValueJsonName(v.name, desc.sharedPrefix));
  const name = jsonName(ctx, desc);
  const type = names.map((n) => JSON.stringify(n)).join(' | ');
  const literals = names.map((n) => `Type.Literal(${JSON.stringify(n)})`).join(', ');
  const Type = f.import('Type', 'typebox');
  f.print(f.jsDoc(desc));
  f.print(f.export('type', name), ' = ', type, ';');
  f.print(f.export('const', name), ' = ', Type, '.Unsafe<', name, '>(', Type, `.Union([${literals}]));`);
  f.print();
}

function printMessage(ctx: Ctx, desc: DescMessage) {
  const { f } = ctx;
  const name = jsonName(ctx, desc);
  const Type = f.import('Type', 'typebox');
  f.print(f.jsDoc(desc));
  f.print(f.export('interface', name), ' {');
  for (const field of desc.fields) {
    f.print(f.jsDoc(field, '  '));
    f.print('  ', field.jsonName, ': ', ...fieldType(ctx, field), ';');
  }
  f.print('}');
  const opts = description(desc);
  f.print(
    f.export('const', name),
    ': ',
    f.import('DashboardJsonSchema', ctx.runtime, true),
    '<typeof ',
    f.importSchema(desc),
    ', ',
    name,
    '> = ',
    f.import('dashboardJsonSchema', ctx.runtime),
    '(',
    f.importSchema(desc),
    ', ',
    Type,
    '.Object({',
  );
  for (const field of desc.fields) {
    f.print('  ', field.jsonName, ': ', ...fieldSchema(ctx, field), ',');
  }
  f.print('}', opts ? `, { description: ${JSON.stringify(opts)} }` : '', '));');
  f.print();
}

/** Absent is meaningful (null) for message fields, proto3 `optional` fields and oneof members. */
function nullable(field: DescField): boolean {
  if (field.fieldKind === 'list' || field.fieldKind === 'map') return false;
  return (
    field.fieldKind === 'message' ||
    field.oneof !== undefined ||
    (field.presence as number) === FeatureSet_FieldPresence.EXPLICIT
  );
}

function fieldType(ctx: Ctx, field: DescField): Printable[] {
  switch (field.fieldKind) {
    case 'scalar':
      return [scalarType(field.scalar), nullable(field) ? ' | null' : ''];
    case 'enum':
      return [ref(ctx, field.enum), ' | null'];
    case 'message':
      return [messageType(ctx, field.message), ' | null'];
    case 'list':
      if (field.listKind === 'scalar') return [scalarType(field.scalar), '[]'];
      if (field.listKind === 'enum') return ['(', ref(ctx, field.enum), ' | null)[]'];
      return [messageType(ctx, field.message), '[]'];
    case 'map':
      if (field.mapKind === 'scalar') return ['Record<string, ', scalarType(field.scalar), '>'];
      if (field.mapKind === 'enum') return ['Record<string, ', ref(ctx, field.enum), ' | null>'];
      return ['Record<string, ', messageType(ctx, field.message), '>'];
  }
}

function fieldSchema(ctx: Ctx, field: DescField): Printable[] {
  const Type = ctx.f.import('Type', 'typebox');
  const doc = description(field);
  const opts = doc ? `, { description: ${JSON.stringify(doc)} }` : '';
  const orNull = (inner: Printable[]): Printable[] => [
    Type,
    '.Union([',
    ...inner,
    ', ',
    Type,
    `.Null()]${opts})`,
  ];
  switch (field.fieldKind) {
    case 'scalar': {
      const s = scalarSchema(ctx, field.scalar, nullable(field) ? '' : doc);
      return nullable(field) ? orNull(s) : s;
    }
    case 'enum':
      return orNull([ref(ctx, field.enum)]);
    case 'message':
      return orNull(messageSchema(ctx, field.message));
    case 'list': {
      const item: Printable[] =
        field.listKind === 'scalar'
          ? scalarSchema(ctx, field.scalar, undefined)
          : field.listKind === 'enum'
            ? [Type, '.Union([', ref(ctx, field.enum), ', ', Type, '.Null()])']
            : messageSchema(ctx, field.message);
      return [Type, '.Array(', ...item, opts, ')'];
    }
    case 'map': {
      const value: Printable[] =
        field.mapKind === 'scalar'
          ? scalarSchema(ctx, field.scalar, undefined)
          : field.mapKind === 'enum'
            ? [Type, '.Union([', ref(ctx, field.enum), ', ', Type, '.Null()])']
            : messageSchema(ctx, field.message);
      return [Type, '.Record(', Type, '.String(), ', ...value, opts, ')'];
    }
  }
}

function messageType(ctx: Ctx, desc: DescMessage): Printable {
  if (desc.typeName === timestamp) return 'string';
  if (desc.typeName === struct) return '{ [key: string]: unknown }';
  if (desc.typeName === value) return 'unknown';
  return ref(ctx, supported(desc));
}

function messageSchema(ctx: Ctx, desc: DescMessage): Printable[] {
  const Type = ctx.f.import('Type', 'typebox');
  if (desc.typeName === timestamp) return [Type, ".String({ format: 'date-time' })"];
  if (desc.typeName === struct) return [Type, '.Record(', Type, '.String(), ', Type, '.Unknown())'];
  if (desc.typeName === value) return [Type, '.Unknown()'];
  return [ref(ctx, supported(desc))];
}

// Other well-known types have JSON forms of their own (Duration, wrappers...): none is used yet,
// and each needs a rule in the converter before it may appear in a contract.
function supported(desc: DescMessage): DescMessage {
  if (desc.file.name.startsWith('google/protobuf/')) {
    throw new Error(`protoc-gen-dashboard-json: ${desc.typeName} has no dashboard JSON form yet`);
  }
  return desc;
}

function scalarType(type: number): string {
  switch (type) {
    case ScalarType.STRING:
    case ScalarType.BYTES:
      return 'string';
    case ScalarType.BOOL:
      return 'boolean';
    default:
      return 'number';
  }
}

function scalarSchema(ctx: Ctx, type: number, doc: string | undefined): Printable[] {
  const Type = ctx.f.import('Type', 'typebox');
  const props: string[] = [];
  let kind: string;
  switch (type) {
    case ScalarType.STRING:
      kind = 'String';
      break;
    case ScalarType.BYTES:
      kind = 'String';
      props.push("contentEncoding: 'base64'");
      break;
    case ScalarType.BOOL:
      kind = 'Boolean';
      break;
    case ScalarType.DOUBLE:
    case ScalarType.FLOAT:
      kind = 'Number';
      break;
    case ScalarType.UINT32:
    case ScalarType.FIXED32:
    case ScalarType.UINT64:
    case ScalarType.FIXED64:
      kind = 'Integer';
      props.push('minimum: 0');
      break;
    default:
      kind = 'Integer';
  }
  if (doc) props.push(`description: ${JSON.stringify(doc)}`);
  return [Type, `.${kind}(${props.length ? `{ ${props.join(', ')} }` : ''})`];
}

/** Messages of one file, each after the same-file messages its fields refer to (consts, not hoisted). */
function dependencyOrder(messages: DescMessage[], file: DescFile): DescMessage[] {
  const done = new Set<DescMessage>();
  const visiting = new Set<DescMessage>();
  const out: DescMessage[] = [];
  const visit = (desc: DescMessage) => {
    if (done.has(desc)) return;
    if (visiting.has(desc)) throw new Error(`protoc-gen-dashboard-json: ${desc.typeName} is recursive`);
    visiting.add(desc);
    for (const field of desc.fields) {
      const target = field.message;
      if (target && target.file === file) visit(target);
    }
    visiting.delete(desc);
    done.add(desc);
    out.push(desc);
  };
  for (const desc of messages) visit(desc);
  return out;
}
