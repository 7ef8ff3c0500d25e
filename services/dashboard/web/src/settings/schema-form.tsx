import type { ReactNode } from 'react';
import type { DiscordChannel, DiscordRole } from '../api/types.js';
import { type PickerKind, pickerKindOf, pickerOptions } from './discord-pickers.js';

// A form generated from a settings module's JSON Schema (libs/contracts settingsModules): every
// field's widget follows from its schema (number, switch, choice, text, Discord id pickers, nested
// groups, lists of rows), and a server's field error is shown at the field its JSON pointer names.

/** The subset of JSON Schema the modules use. */
export interface FieldSchema {
  readonly type?: string;
  readonly description?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
  readonly anyOf?: readonly { const?: unknown }[];
  readonly properties?: Readonly<Record<string, FieldSchema>>;
  readonly items?: FieldSchema;
  readonly default?: unknown;
}

type Json = unknown;

/** What the form shares with every field. */
export interface FormContext {
  readonly guildId: string;
  readonly channels: readonly DiscordChannel[] | undefined;
  readonly roles: readonly DiscordRole[] | undefined;
  /** Field errors by JSON pointer (`/workingHours/timeZone`). */
  readonly errors: ReadonlyMap<string, string>;
  readonly readOnly: boolean;
}

const snowflake = /\[0-9\]\{17,20\}/;

/** Turns `openLimitPerUser` into "Open limit per user". */
export function labelOf(name: string): string {
  const words = name
    .replace(/yIds$/, 'ies')
    .replace(/Ids?$/, (m) => (m === 'Ids' ? 's' : ''))
    .replace(/([A-Z])/g, ' $1');
  return words.charAt(0).toUpperCase() + words.slice(1).toLowerCase();
}

/** The fields of an object schema. */
export function ObjectFields({
  schema,
  value,
  pointer,
  onChange,
  ctx,
}: {
  schema: FieldSchema;
  value: Record<string, Json>;
  pointer: string;
  onChange: (next: Record<string, Json>) => void;
  ctx: FormContext;
}) {
  return (
    <>
      {Object.entries(schema.properties ?? {}).map(([name, field]) => (
        <Field
          key={name}
          name={name}
          schema={field}
          value={value[name]}
          pointer={`${pointer}/${name}`}
          onChange={(next) => onChange({ ...value, [name]: next })}
          ctx={ctx}
        />
      ))}
    </>
  );
}

function Field({
  name,
  schema,
  value,
  pointer,
  onChange,
  ctx,
}: {
  name: string;
  schema: FieldSchema;
  value: Json;
  pointer: string;
  onChange: (next: Json) => void;
  ctx: FormContext;
}) {
  const error = ctx.errors.get(pointer);
  const id = `field${pointer.replaceAll('/', '-')}`;
  const wrap = (control: ReactNode, inline = false) => (
    <div className={`field${error ? ' invalid' : ''}`} data-field={pointer}>
      <label htmlFor={id} className={inline ? 'check' : undefined}>
        {inline ? control : null}
        {labelOf(name)}
        {inline ? null : control}
      </label>
      {schema.description ? <span className="hint">{schema.description}</span> : null}
      {error ? (
        <span className="field-error" role="alert" data-testid="field-error">
          {error}
        </span>
      ) : null}
    </div>
  );

  if (schema.type === 'object' && schema.properties)
    return (
      <fieldset className="group" data-field={pointer}>
        <legend>{labelOf(name)}</legend>
        {schema.description ? <p className="hint">{schema.description}</p> : null}
        <ObjectFields
          schema={schema}
          value={(value as Record<string, Json>) ?? {}}
          pointer={pointer}
          onChange={onChange}
          ctx={ctx}
        />
      </fieldset>
    );
  if (schema.type === 'boolean')
    return wrap(
      <input
        id={id}
        type="checkbox"
        disabled={ctx.readOnly}
        checked={value === true}
        onChange={(e) => onChange(e.target.checked)}
      />,
      true,
    );
  if (schema.type === 'integer' || schema.type === 'number')
    return wrap(
      <input
        id={id}
        type="number"
        disabled={ctx.readOnly}
        value={typeof value === 'number' ? value : ''}
        // The server checks ranges and reports them at the field; the hint shows them beforehand.
        placeholder={rangeOf(schema)}
        onChange={(e) => onChange(e.target.value === '' ? null : Number(e.target.value))}
      />,
    );
  if (schema.anyOf?.every((choice) => 'const' in choice))
    return wrap(
      <select
        id={id}
        disabled={ctx.readOnly}
        value={String(value ?? '')}
        onChange={(e) => onChange(e.target.value)}
      >
        {schema.anyOf.map((choice) => (
          <option key={String(choice.const)} value={String(choice.const)}>
            {String(choice.const)}
          </option>
        ))}
      </select>,
    );
  const kind = pickerKindOf(name);
  if (schema.type === 'string' && kind && schema.pattern && snowflake.test(schema.pattern))
    return wrap(
      <SinglePicker
        id={id}
        kind={kind}
        name={name}
        value={String(value ?? '')}
        onChange={onChange}
        ctx={ctx}
      />,
    );
  if (schema.type === 'array' && kind && schema.items?.pattern && snowflake.test(schema.items.pattern))
    return wrap(
      <MultiPicker
        id={id}
        kind={kind}
        name={name}
        value={(value as string[]) ?? []}
        onChange={onChange}
        ctx={ctx}
      />,
    );
  if (schema.type === 'array' && schema.items?.type === 'object')
    return wrap(
      <RowList
        id={id}
        schema={schema.items}
        value={(value as Record<string, Json>[]) ?? []}
        pointer={pointer}
        onChange={onChange}
        ctx={ctx}
      />,
    );
  if (schema.type === 'string')
    return wrap(
      (schema.maxLength ?? 0) > 200 ? (
        <textarea
          id={id}
          disabled={ctx.readOnly}
          value={String(value ?? '')}
          onChange={(e) => onChange(e.target.value)}
        />
      ) : (
        <input
          id={id}
          type="text"
          disabled={ctx.readOnly}
          value={String(value ?? '')}
          onChange={(e) => onChange(e.target.value)}
        />
      ),
    );
  // Anything else the form does not know is edited as JSON rather than hidden.
  return wrap(
    <textarea
      id={id}
      disabled={ctx.readOnly}
      defaultValue={JSON.stringify(value, null, 2)}
      onBlur={(e) => {
        try {
          onChange(JSON.parse(e.target.value));
        } catch {
          // left as typed; the server reports what is wrong with it
        }
      }}
    />,
  );
}

function rangeOf(schema: FieldSchema): string {
  if (schema.minimum !== undefined && schema.maximum !== undefined)
    return `${schema.minimum} – ${schema.maximum}`;
  return '';
}

function SinglePicker(props: {
  id: string;
  kind: PickerKind;
  name: string;
  value: string;
  onChange: (next: Json) => void;
  ctx: FormContext;
}) {
  const options = pickerOptions(
    props.kind,
    props.name,
    props.ctx.channels,
    props.ctx.roles,
    props.ctx.guildId,
  );
  const known = props.value === '' || options.some((o) => o.id === props.value);
  return (
    <select
      id={props.id}
      disabled={props.ctx.readOnly}
      value={props.value}
      onChange={(e) => props.onChange(e.target.value)}
    >
      <option value="">— none —</option>
      {known ? null : <option value={props.value}>unknown ({props.value})</option>}
      {options.map((o) => (
        <option key={o.id} value={o.id}>
          {o.label}
        </option>
      ))}
    </select>
  );
}

function MultiPicker(props: {
  id: string;
  kind: PickerKind;
  name: string;
  value: readonly string[];
  onChange: (next: Json) => void;
  ctx: FormContext;
}) {
  const options = pickerOptions(
    props.kind,
    props.name,
    props.ctx.channels,
    props.ctx.roles,
    props.ctx.guildId,
  );
  const unknown = props.value.filter((id) => !options.some((o) => o.id === id));
  return (
    <select
      id={props.id}
      multiple
      disabled={props.ctx.readOnly}
      value={[...props.value]}
      size={Math.min(6, Math.max(2, options.length + unknown.length))}
      onChange={(e) => props.onChange([...e.target.selectedOptions].map((o) => o.value))}
    >
      {unknown.map((id) => (
        <option key={id} value={id}>
          unknown ({id})
        </option>
      ))}
      {options.map((o) => (
        <option key={o.id} value={o.id}>
          {o.label}
        </option>
      ))}
    </select>
  );
}

function RowList(props: {
  id: string;
  schema: FieldSchema;
  value: readonly Record<string, Json>[];
  pointer: string;
  onChange: (next: Json) => void;
  ctx: FormContext;
}) {
  const blank = Object.fromEntries(
    Object.entries(props.schema.properties ?? {}).map(([k, f]) => [
      k,
      f.default ?? (f.type === 'integer' ? 0 : ''),
    ]),
  );
  return (
    <div className="rows" id={props.id}>
      {props.value.map((row, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity but their place
        <div className="row" key={i}>
          <ObjectFields
            schema={props.schema}
            value={row}
            pointer={`${props.pointer}/${i}`}
            onChange={(next) => props.onChange(props.value.map((r, j) => (j === i ? next : r)))}
            ctx={props.ctx}
          />
          {props.ctx.readOnly ? null : (
            <button
              type="button"
              className="link"
              onClick={() => props.onChange(props.value.filter((_, j) => j !== i))}
            >
              Remove
            </button>
          )}
        </div>
      ))}
      {props.ctx.readOnly ? null : (
        <button type="button" className="secondary" onClick={() => props.onChange([...props.value, blank])}>
          Add
        </button>
      )}
    </div>
  );
}
