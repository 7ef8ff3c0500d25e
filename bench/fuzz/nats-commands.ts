// NATS commands: every `cmd.*` command of the registry gets protobuf requests with random field
// values, the same truncated or with bytes flipped, fields with the wrong wire type, and random bytes.
// An error reply with a status ≥ 500, or no reply within the bound, is a finding.
import { create, type DescField, type DescMessage, ScalarType, toBinary } from '@bufbuild/protobuf';
import {
  type CommandDef,
  CommandErrorSchema,
  commandSubject,
  configCommands,
  decodeMessage,
  discordCommands,
  giveawayCommands,
  ticketCommands,
} from '@guildwire/contracts';
import { connect, headers as natsHeaders } from '@nats-io/transport-node';
import fc from 'fast-check';
import { oddString } from './json-arbitraries.js';
import {
  clip,
  count,
  eachLimited,
  type FuzzFinding,
  type SurfaceRun,
  type SurfaceSettings,
} from './types.js';

/** Every command the services serve. */
export const allCommands: readonly CommandDef[] = [
  ...Object.values(ticketCommands),
  ...Object.values(giveawayCommands),
  ...Object.values(configCommands),
  ...Object.values(discordCommands),
];

/** One request: the command and the bytes sent, and how they were made. */
export interface NatsInput {
  readonly def: CommandDef;
  readonly payload: Uint8Array;
  readonly how: string;
}

type Random = { readonly pick: <T>(arb: fc.Arbitrary<T>) => T };

function scalarValue(type: ScalarType, field: DescField, r: Random, guildId: string): unknown {
  switch (type) {
    case ScalarType.STRING:
      if (/guild_id$/.test(field.name)) return r.pick(fc.oneof(fc.constant(guildId), oddString));
      return r.pick(fc.oneof(oddString, fc.uuid(), fc.constant('100000000000000001')));
    case ScalarType.BOOL:
      return r.pick(fc.boolean());
    case ScalarType.BYTES:
      return r.pick(fc.uint8Array({ maxLength: 32 }));
    case ScalarType.DOUBLE:
    case ScalarType.FLOAT:
      return r.pick(fc.double());
    case ScalarType.INT64:
    case ScalarType.SINT64:
    case ScalarType.SFIXED64:
      return r.pick(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }));
    case ScalarType.UINT64:
    case ScalarType.FIXED64:
      return r.pick(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }));
    case ScalarType.UINT32:
    case ScalarType.FIXED32:
      return r.pick(fc.nat({ max: 2 ** 32 - 1 }));
    default:
      return r.pick(fc.oneof(fc.integer(), fc.constantFrom(0, -1, 2 ** 31 - 1, -(2 ** 31))));
  }
}

function fieldValue(field: DescField, r: Random, guildId: string, depth: number): unknown {
  switch (field.fieldKind) {
    case 'scalar':
      return scalarValue(field.scalar, field, r, guildId);
    case 'enum':
      return r.pick(
        fc.oneof(
          fc.constantFrom(...field.enum.values.map((v) => v.number)),
          fc.integer({ min: -5, max: 1000 }),
        ),
      );
    case 'message':
      return randomMessage(field.message, r, guildId, depth + 1);
    case 'list': {
      const n = r.pick(fc.nat({ max: depth > 2 ? 0 : 3 }));
      return Array.from({ length: n }, () =>
        field.listKind === 'scalar'
          ? scalarValue(field.scalar, field, r, guildId)
          : field.listKind === 'enum'
            ? r.pick(fc.integer({ min: -1, max: 50 }))
            : randomMessage(field.message, r, guildId, depth + 1),
      );
    }
    case 'map': {
      const n = r.pick(fc.nat({ max: depth > 2 ? 0 : 2 }));
      const entries = Array.from({ length: n }, () => [
        r.pick(fc.string({ maxLength: 10 })),
        field.mapKind === 'scalar'
          ? scalarValue(field.scalar, field, r, guildId)
          : field.mapKind === 'enum'
            ? 0
            : randomMessage(field.message, r, guildId, depth + 1),
      ]);
      return Object.fromEntries(entries);
    }
  }
}

/** A message of `schema` with random values in a random subset of its fields. */
export function randomMessage(schema: DescMessage, r: Random, guildId: string, depth = 0): unknown {
  const message = create(schema) as unknown as Record<string, unknown>;
  if (depth > 4) return message;
  for (const field of schema.fields) {
    if (!r.pick(fc.boolean()) && !/guild_id$/.test(field.name)) continue;
    const value = fieldValue(field, r, guildId, depth);
    if (field.oneof) message[field.oneof.localName] = { case: field.localName, value };
    else message[field.localName] = value;
  }
  return message;
}

function varint(value: number): number[] {
  const out: number[] = [];
  let v = value >>> 0;
  while (v > 0x7f) {
    out.push((v & 0x7f) | 0x80);
    v >>>= 7;
  }
  out.push(v);
  return out;
}

/** A field of the message encoded with a wire type it does not have (or a group, or a bad length). */
function wrongWireType(schema: DescMessage, r: Random): Uint8Array {
  const numbers = schema.fields.map((f) => f.number);
  const fieldNo = numbers.length > 0 ? r.pick(fc.constantFrom(...numbers)) : 1;
  const wireType = r.pick(fc.constantFrom(0, 1, 2, 3, 4, 5, 6, 7));
  const body: number[] = [...varint((fieldNo << 3) | wireType)];
  if (wireType === 0) body.push(...varint(r.pick(fc.nat())));
  if (wireType === 1) body.push(...new Array(8).fill(0xff));
  if (wireType === 2)
    body.push(...varint(r.pick(fc.constantFrom(0, 3, 1000, 2 ** 31 - 1))), 0x41, 0x42, 0x43);
  if (wireType === 5) body.push(0xff, 0xff, 0xff, 0x7f);
  return Uint8Array.from(body);
}

/** The inputs of a run: every command in turn. */
export function natsInputs(
  settings: SurfaceSettings,
  commands: readonly CommandDef[] = allCommands,
): NatsInput[] {
  const seeds = fc.sample(fc.integer(), { numRuns: settings.inputs, seed: settings.seed });
  return seeds.map((seed, i) => {
    const def = commands[i % commands.length]!;
    let n = 0;
    const r: Random = { pick: (arb) => fc.sample(arb, { numRuns: 1, seed: seed + n++ })[0]! };
    const valid = () => toBinary(def.request, randomMessage(def.request, r, settings.guildId) as never);
    const kind = r.pick(
      fc.constantFrom('valid', 'valid', 'truncated', 'flipped', 'wire-type', 'random', 'appended'),
    );
    switch (kind) {
      case 'truncated': {
        const bytes = valid();
        const at = r.pick(fc.nat({ max: Math.max(0, bytes.length - 1) }));
        return { def, payload: bytes.slice(0, at), how: `truncated at ${at} of ${bytes.length}` };
      }
      case 'flipped': {
        const bytes = valid();
        const flips = r.pick(
          fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 4 }),
        );
        for (const [at, mask] of flips) if (bytes.length > 0) bytes[at % bytes.length]! ^= mask;
        return { def, payload: bytes, how: 'bytes flipped' };
      }
      case 'wire-type':
        return { def, payload: wrongWireType(def.request, r), how: 'wrong wire type' };
      case 'random':
        return { def, payload: r.pick(fc.uint8Array({ maxLength: 200 })), how: 'random bytes' };
      case 'appended': {
        const bytes = valid();
        const extra = wrongWireType(def.request, r);
        return { def, payload: Uint8Array.from([...bytes, ...extra]), how: 'valid + wrong wire type' };
      }
      default:
        return { def, payload: valid(), how: 'random values' };
    }
  });
}

/** Sends the inputs as requests; unserved commands (no responders) are counted, not findings. */
export async function fuzzNats(
  nats: { url: string; namespace: string },
  settings: SurfaceSettings,
): Promise<SurfaceRun> {
  const nc = await connect({ servers: nats.url.split(','), name: 'fuzz' });
  const prefix = nats.namespace === '' ? '' : `${nats.namespace}.`;
  const inputs = natsInputs(settings);
  const answers: Record<string, number> = {};
  const findings: FuzzFinding[] = [];
  let fivexx = 0;
  let hangs = 0;
  await eachLimited(inputs, settings.concurrency, async (input) => {
    const subject = commandSubject(input.def);
    const described = `${input.how}: ${Buffer.from(input.payload).toString('hex')}`;
    try {
      const reply = await nc.request(prefix + subject, input.payload, {
        timeout: settings.hangMs,
        headers: natsHeaders(),
      });
      const code = reply.headers?.get('Guildwire-Error');
      if (!code) {
        count(answers, 'ok');
        return;
      }
      const error = decodeMessage(CommandErrorSchema, reply.data);
      count(answers, error.status >= 500 ? `5xx ${code}` : '4xx');
      if (error.status >= 500) {
        fivexx++;
        findings.push({
          surface: 'nats',
          kind: '5xx',
          target: subject,
          input: clip(described),
          answer: clip(`${error.status} ${code}: ${error.message}`),
        });
      }
    } catch (err) {
      const text = String((err as Error).message) + String((err as Error).cause ?? '');
      if (/no responders/i.test(text)) {
        count(answers, 'not served');
      } else if (/timeout/i.test(text)) {
        hangs++;
        count(answers, 'hang');
        findings.push({
          surface: 'nats',
          kind: 'hang',
          target: subject,
          input: clip(described),
          answer: `no reply within ${settings.hangMs} ms`,
        });
      } else {
        count(answers, `client: ${clip((err as Error).message, 60)}`);
      }
    }
  });
  await nc.close();
  return { report: { surface: 'nats', inputs: inputs.length, fivexx, hangs, answers }, findings };
}
