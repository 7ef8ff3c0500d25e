// HTTP routes: every path and method of each service's OpenAPI document (fetched from the running
// service at /openapi.json), with malformed path ids, query values, bodies and auth.
import fc from 'fast-check';
import { anyJson, deepJsonText, fitting, type JsonSchema, malformed, oddString } from './json-arbitraries.js';
import {
  clip,
  count,
  eachLimited,
  type FuzzFinding,
  type SurfaceRun,
  type SurfaceSettings,
} from './types.js';

interface Parameter {
  readonly name: string;
  readonly in: string;
  readonly schema?: JsonSchema;
}

/** One route of one service, as its OpenAPI document describes it. */
export interface Operation {
  readonly service: string;
  readonly baseUrl: string;
  readonly method: string;
  /** OpenAPI form: `/v1/guilds/{guildId}/tickets/{id}`. */
  readonly path: string;
  readonly parameters: readonly Parameter[];
  readonly body: JsonSchema | undefined;
}

/** One request to send. */
export interface HttpInput {
  readonly op: Operation;
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: string | undefined;
  /** Which kind of credentials it carries (for findings). */
  readonly auth: string;
}

interface OpenApiDocument {
  readonly paths?: Record<string, Record<string, OpenApiOperation>>;
  readonly components?: { readonly schemas?: Record<string, JsonSchema> };
}
interface OpenApiOperation {
  readonly parameters?: Parameter[];
  readonly requestBody?: { readonly content?: Record<string, { readonly schema?: JsonSchema }> };
}

const methods = ['get', 'post', 'put', 'patch', 'delete'];

/** Reads each service's document and lists its routes (the ops routes /healthz, /metrics… too). */
export async function loadOperations(services: Readonly<Record<string, string>>): Promise<Operation[]> {
  const operations: Operation[] = [];
  for (const [service, baseUrl] of Object.entries(services)) {
    const res = await fetch(`${baseUrl}/openapi.json`);
    if (!res.ok) throw new Error(`${service}: /openapi.json answered ${res.status}`);
    const document = (await res.json()) as OpenApiDocument;
    const resolve = resolver(document);
    for (const [path, item] of Object.entries(document.paths ?? {})) {
      for (const method of methods) {
        const operation = item[method];
        if (!operation) continue;
        const body = operation.requestBody?.content?.['application/json']?.schema;
        operations.push({
          service,
          baseUrl,
          method: method.toUpperCase(),
          path,
          parameters: (operation.parameters ?? []).map((p) => ({ ...p, schema: resolve(p.schema ?? {}) })),
          body: body ? resolve(body) : undefined,
        });
      }
    }
  }
  return operations;
}

/** Inlines `#/components/schemas/…` references (recursive ones stop at a depth). */
function resolver(document: OpenApiDocument): (schema: JsonSchema) => JsonSchema {
  const schemas = document.components?.schemas ?? {};
  const inline = (value: unknown, depth: number): unknown => {
    if (Array.isArray(value)) return value.map((v) => inline(v, depth));
    if (typeof value !== 'object' || value === null) return value;
    const ref = (value as JsonSchema).$ref;
    if (typeof ref === 'string') {
      const target = schemas[ref.replace('#/components/schemas/', '')];
      return depth > 6 || !target ? {} : inline(target, depth + 1);
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, inline(v, depth)]));
  };
  return (schema) => inline(schema, 0) as JsonSchema;
}

function encodeSegment(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return '%C0%AF'; // a lone surrogate cannot be encoded: an overlong UTF-8 sequence instead
  }
}

/** Header values as a client could send them (printable ASCII). */
const headerSafe = (value: string) => value.replace(/[^\x20-\x7e]/g, '?').slice(0, 4000);

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A member's token raised to admin without a new signature, and the same unsigned (`alg: none`). */
export function forgedTokens(memberToken: string, guildId: string): Array<[string, string]> {
  const [header, payload, signature] = memberToken.split('.');
  const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()) as Record<string, unknown>;
  const raised = b64({ ...claims, guilds: { [guildId]: 'admin' } });
  return [
    ['tampered', `Bearer ${header}.${raised}.${signature}`],
    ['alg-none', `Bearer ${b64({ alg: 'none', typ: 'JWT' })}.${raised}.`],
  ];
}

function inputArbitrary(op: Operation, settings: SurfaceSettings): fc.Arbitrary<HttpInput> {
  const { guildId, token } = settings;
  const pathParams = op.parameters.filter((p) => p.in === 'path');
  const queryParams = op.parameters.filter((p) => p.in === 'query');
  const pathValue = (p: Parameter) =>
    fc.oneof(
      {
        weight: 3,
        arbitrary:
          p.name === 'guildId'
            ? fc.constant(guildId)
            : settings.knownIds.length > 0
              ? fc.oneof(fc.constantFrom(...settings.knownIds), fitting(p.schema ?? {}).map(String))
              : fitting(p.schema ?? {}).map(String),
      },
      { weight: 2, arbitrary: oddString },
    );
  const auth = fc.oneof(
    {
      weight: 6,
      arbitrary: fc.constant(['admin', `Bearer ${token('100000000000000001', { [guildId]: 'admin' })}`]),
    },
    {
      weight: 1,
      arbitrary: fc.constant(['member', `Bearer ${token('100000000000000002', { [guildId]: 'member' })}`]),
    },
    {
      weight: 1,
      arbitrary: fc.constant([
        'other-guild',
        `Bearer ${token('100000000000000003', { '999999999999999999': 'admin' })}`,
      ]),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        ...forgedTokens(token('100000000000000002', { [guildId]: 'member' }), guildId),
      ),
    },
    { weight: 1, arbitrary: fc.constant(['none', '']) },
    { weight: 1, arbitrary: oddString.map((s) => ['garbage', `Bearer ${headerSafe(s)}`]) },
    { weight: 1, arbitrary: oddString.map((s) => ['not-bearer', headerSafe(s)]) },
  ) as fc.Arbitrary<[string, string]>;
  const query = fc.array(
    fc.oneof(
      ...(queryParams.length > 0
        ? [
            fc
              .tuple(fc.constantFrom(...queryParams), fc.oneof(fc.constant(undefined), oddString))
              .chain(([p, odd]) =>
                (odd === undefined ? fitting(p.schema ?? {}).map(String) : fc.constant(odd)).map(
                  (v) => [p.name, v] as const,
                ),
              ),
          ]
        : []),
      fc.tuple(fc.constantFrom('limit', 'cursor', 'status', 'before', 'after', 'x'), oddString),
    ),
    { maxLength: 4 },
  );
  const withBody = op.method !== 'GET';
  const body: fc.Arbitrary<string | undefined> = !withBody
    ? fc.constant(undefined)
    : op.body
      ? fc.oneof(
          { weight: 8, arbitrary: malformed(op.body).map((v) => JSON.stringify(v) ?? 'null') },
          { weight: 1, arbitrary: fc.constantFrom('', '{', 'null', '[]', '{"a":', '\u0000', '{}'.repeat(2)) },
          { weight: 1, arbitrary: deepJsonText },
          { weight: 1, arbitrary: fc.constant(undefined) },
        )
      : fc.oneof(
          { weight: 4, arbitrary: fc.constant(undefined) },
          { weight: 1, arbitrary: anyJson.map((v) => JSON.stringify(v) ?? 'null') },
        );
  const contentType = fc.oneof(
    { weight: 8, arbitrary: fc.constant('application/json') },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        'text/plain',
        'application/json; charset=latin1',
        'application/x-www-form-urlencoded',
        'multipart/form-data',
        '',
      ),
    },
  );
  const ifMatch = fc.option(
    fc.oneof(fc.constantFrom('"0"', '"1"', '*', 'W/"1"', '"-1"', '"abc"'), oddString.map(headerSafe)),
    { freq: 3 },
  );
  return fc
    .record({
      path: fc.tuple(...pathParams.map(pathValue)),
      query,
      auth,
      body,
      contentType,
      ifMatch,
    })
    .map(({ path, query, auth: [authKind, authorization], body, contentType, ifMatch }) => {
      let url = op.path;
      pathParams.forEach((p, i) => {
        url = url.replace(`{${p.name}}`, encodeSegment(String(path[i])));
      });
      const search = query.map(([k, v]) => `${encodeSegment(k)}=${encodeSegment(v)}`).join('&');
      const headers: Record<string, string> = {};
      if (authorization) headers.authorization = authorization;
      if (body !== undefined && contentType) headers['content-type'] = contentType;
      if (ifMatch !== null) headers['if-match'] = ifMatch;
      return {
        op,
        url: `${op.baseUrl}${url}${search ? `?${search}` : ''}`,
        headers,
        body,
        auth: authKind,
      };
    });
}

/** The inputs of a run: each route in turn, so every route gets its share. */
export function httpInputs(operations: readonly Operation[], settings: SurfaceSettings): HttpInput[] {
  if (operations.length === 0) return [];
  const perOperation = Math.ceil(settings.inputs / operations.length);
  const all = operations.flatMap((op, i) =>
    fc.sample(inputArbitrary(op, settings), { numRuns: perOperation, seed: settings.seed + i }),
  );
  return all.slice(0, settings.inputs);
}

/** Sends the inputs; a status ≥ 500, or no answer within hangMs, is a finding. */
export async function fuzzHttp(
  services: Readonly<Record<string, string>>,
  settings: SurfaceSettings,
): Promise<SurfaceRun> {
  const inputs = httpInputs(await loadOperations(services), settings);
  const answers: Record<string, number> = {};
  const findings: FuzzFinding[] = [];
  let fivexx = 0;
  let hangs = 0;
  await eachLimited(inputs, settings.concurrency, async (input) => {
    const target = `${input.op.service} ${input.op.method} ${input.op.path}`;
    const described = `${input.op.method} ${input.url.slice(input.op.baseUrl.length)} auth=${input.auth} ${
      input.headers['content-type'] ? `type=${input.headers['content-type']} ` : ''
    }${input.headers['if-match'] ? `if-match=${input.headers['if-match']} ` : ''}body=${input.body ?? '(none)'}`;
    try {
      const res = await fetch(input.url, {
        method: input.op.method,
        headers: input.headers,
        ...(input.body === undefined ? {} : { body: input.body }),
        signal: AbortSignal.timeout(settings.hangMs),
      });
      const text = await res.text();
      count(answers, `${Math.floor(res.status / 100)}xx`);
      if (res.status >= 500) {
        fivexx++;
        findings.push({
          surface: 'http',
          kind: '5xx',
          target,
          input: clip(described),
          answer: clip(`${res.status} ${text}`),
        });
      }
    } catch (err) {
      if ((err as Error).name === 'TimeoutError') {
        hangs++;
        count(answers, 'hang');
        findings.push({
          surface: 'http',
          kind: 'hang',
          target,
          input: clip(described),
          answer: `no answer within ${settings.hangMs} ms`,
        });
      } else {
        // The client refused to send it (a URL it cannot parse), or the connection was reset.
        const cause = (err as Error).cause as NodeJS.ErrnoException | undefined;
        count(answers, `client: ${cause?.code ?? 'error'}`);
      }
    }
  });
  return { report: { surface: 'http', inputs: inputs.length, fivexx, hangs, answers }, findings };
}
