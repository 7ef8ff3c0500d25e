// Realtime frames: malformed client frames on authenticated connections (each followed by a ping
// that must be answered, or a close), frames before auth, and malformed upgrade handshakes.
import http from 'node:http';
import fc from 'fast-check';
import WebSocket from 'ws';
import { anyJson, deepJsonText, oddString } from './json-arbitraries.js';
import {
  clip,
  count,
  eachLimited,
  type FuzzFinding,
  type SurfaceRun,
  type SurfaceSettings,
} from './types.js';

/** One realtime input: a frame after auth, a frame before auth, or a handshake. */
export type RealtimeInput =
  | { readonly kind: 'frame' | 'first-frame'; readonly frame: string | Buffer; readonly binary: boolean }
  | {
      readonly kind: 'handshake';
      readonly headers: Record<string, string>;
      readonly method: string;
      readonly path: string;
    };

const ops = ['auth', 'subscribe', 'unsubscribe', 'ping', 'view', 'unview'];

function frameArbitrary(settings: SurfaceSettings): fc.Arbitrary<RealtimeInput> {
  const { guildId, token } = settings;
  const field = (good: fc.Arbitrary<unknown>) =>
    fc.option(
      fc.oneof(
        { weight: 3, arbitrary: good },
        { weight: 1, arbitrary: oddString },
        { weight: 1, arbitrary: anyJson },
      ),
      { freq: 5 },
    );
  const since = fc.oneof(
    fc.record({
      seq: fc.oneof(fc.nat(), fc.constantFrom(-1, 1e20, 0.5, 2 ** 53)),
      epoch: fc.oneof(
        oddString,
        fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
      ),
    }),
    anyJson,
  );
  const object = fc
    .record({
      op: fc.oneof(
        { weight: 6, arbitrary: fc.constantFrom(...ops) },
        { weight: 1, arbitrary: oddString },
        { weight: 1, arbitrary: anyJson },
      ),
      guildId: field(fc.oneof(fc.constant(guildId), fc.constant('999999999999999999'))),
      since: fc.option(since, { freq: 3 }),
      topic: field(fc.uuid().map((id) => `ticket:${id}`)),
      token: field(fc.constant(token('100000000000000001', { [guildId]: 'admin' }))),
    })
    .map((f) => Object.fromEntries(Object.entries(f).filter(([, v]) => v !== null)));
  const text = fc.oneof(
    { weight: 8, arbitrary: object.map((o) => JSON.stringify(o)) },
    { weight: 1, arbitrary: anyJson.map((v) => JSON.stringify(v) ?? 'null') },
    { weight: 1, arbitrary: oddString },
    { weight: 1, arbitrary: deepJsonText.map((t) => t.slice(0, 15_000)) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '{',
        '',
        '{"op":"ping"',
        '{"op":"ping"}'.repeat(2),
        `{"op":"subscribe","guildId":"${'9'.repeat(20_000)}"}`,
      ),
    },
  );
  const frame = fc.oneof(
    { weight: 10, arbitrary: text.map((t) => ({ frame: t as string | Buffer, binary: false })) },
    {
      weight: 1,
      arbitrary: fc.uint8Array({ maxLength: 64 }).map((b) => ({ frame: Buffer.from(b), binary: true })),
    },
    // Text frames that are not UTF-8.
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(Buffer.from([0xc0, 0xaf]), Buffer.from([0xff, 0xfe, 0x7b]))
        .map((b) => ({ frame: b as string | Buffer, binary: false })),
    },
  );
  const handshake = fc.record({
    method: fc.constantFrom('GET', 'GET', 'POST', 'PUT'),
    path: fc.constantFrom('/v1/stream', '/v1/stream', '/v1/stream?x=%00', '/v2/stream', '/v1/stream/..'),
    headers: fc.record({
      connection: fc.constantFrom('Upgrade', 'upgrade, keep-alive', 'close'),
      upgrade: fc.constantFrom('websocket', 'WebSocket', 'h2c', ''),
      'sec-websocket-key': fc.oneof(
        fc.constant('dGhlIHNhbXBsZSBub25jZQ=='),
        oddString.map((s) => s.replace(/[^\x20-\x7e]/g, '').slice(0, 200)),
      ),
      'sec-websocket-version': fc.constantFrom('13', '8', '', '13, 8', 'x'),
      'sec-websocket-protocol': fc.oneof(
        fc.constantFrom('guildwire.v1', '', 'guildwire.v1, guildwire.token.x', 'guildwire.v2', ',,,'),
        oddString.map((s) => s.replace(/[^\x20-\x7e]/g, '').slice(0, 500)),
      ),
    }),
  });
  return fc.oneof(
    { weight: 8, arbitrary: frame.map((f) => ({ kind: 'frame' as const, ...f })) },
    { weight: 1, arbitrary: frame.map((f) => ({ kind: 'first-frame' as const, ...f })) },
    { weight: 1, arbitrary: handshake.map((h) => ({ kind: 'handshake' as const, ...h })) },
  );
}

/** The inputs of a run. */
export function realtimeInputs(settings: SurfaceSettings): RealtimeInput[] {
  return fc.sample(frameArbitrary(settings), { numRuns: settings.inputs, seed: settings.seed });
}

type Outcome = { answer: string; finding?: Omit<FuzzFinding, 'surface' | 'target' | 'input'> };

interface Lane {
  ws: WebSocket | undefined;
  frames: number;
}

/** A gateway frame; an empty one when it is not JSON (the gateway only sends JSON). */
function parseFrame(data: WebSocket.RawData): { op?: string; code?: string } {
  try {
    return JSON.parse(String(data)) as { op?: string; code?: string };
  } catch {
    return {};
  }
}

/** Opens a connection; resolves once `authenticated` (or with the close code when refused). */
function connect(
  url: string,
  protocols: string[],
  first: { text: string | Buffer; binary: boolean },
): Promise<{ ws?: WebSocket; closed?: number }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, protocols);
    ws.once('open', () => ws.send(first.text, { binary: first.binary }));
    ws.once('message', (data) => {
      const frame = parseFrame(data);
      if (frame.op === 'authenticated') resolve({ ws });
    });
    ws.once('close', (code) => resolve({ closed: code }));
    ws.once('error', () => undefined);
  });
}

function withBound<T>(promise: Promise<T>, ms: number): Promise<T | 'hang'> {
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<'hang'>((resolve) => {
    timer = setTimeout(() => resolve('hang'), ms);
  });
  return Promise.race([promise, bound]).finally(() => clearTimeout(timer));
}

/** Sends one frame, then a ping: the answer is the pong (and any frames before it) or a close. */
function frameThenPing(ws: WebSocket, frame: string | Buffer, binary: boolean): Promise<string> {
  return new Promise((resolve) => {
    const seen: string[] = [];
    const onMessage = (data: WebSocket.RawData) => {
      const parsed = parseFrame(data);
      if (parsed.op === 'pong') {
        cleanup();
        resolve(seen.length > 0 ? seen.join(',') : 'pong');
      } else if (
        parsed.op === 'error' ||
        parsed.op === 'subscribed' ||
        parsed.op === 'unsubscribed' ||
        parsed.op === 'authenticated'
      ) {
        seen.push(parsed.op === 'error' ? `error ${parsed.code}` : String(parsed.op));
      }
    };
    const onClose = (code: number) => {
      cleanup();
      resolve(`closed ${code}`);
    };
    const cleanup = () => {
      ws.off('message', onMessage);
      ws.off('close', onClose);
    };
    ws.on('message', onMessage);
    ws.on('close', onClose);
    ws.send(frame, { binary });
    ws.send('{"op":"ping"}');
  });
}

function handshake(baseUrl: string, input: Extract<RealtimeInput, { kind: 'handshake' }>): Promise<string> {
  return new Promise((resolve) => {
    const req = http.request(`${baseUrl}${input.path}`, { method: input.method, headers: input.headers });
    req.on('response', (res) => {
      res.resume();
      resolve(`${res.statusCode}`);
    });
    req.on('upgrade', (_res, socket) => {
      socket.destroy();
      resolve('101');
    });
    req.on('error', (err) => resolve(`client: ${(err as NodeJS.ErrnoException).code ?? err.message}`));
    req.end();
  });
}

/** Sends the inputs over a few connections at once; a 5xx handshake or a missing answer is a finding. */
export async function fuzzRealtime(baseUrl: string, settings: SurfaceSettings): Promise<SurfaceRun> {
  const url = `${baseUrl.replace(/^http/, 'ws')}/v1/stream`;
  const authFrame = JSON.stringify({
    op: 'auth',
    token: settings.token('100000000000000001', { [settings.guildId]: 'admin' }),
  });
  const inputs = realtimeInputs(settings);
  const answers: Record<string, number> = {};
  const findings: FuzzFinding[] = [];
  let fivexx = 0;
  let hangs = 0;
  const lanes: Lane[] = Array.from({ length: Math.min(settings.concurrency, 4) }, () => ({
    ws: undefined,
    frames: 0,
  }));
  const laneInputs = lanes.map((_, l) => inputs.filter((_, i) => i % lanes.length === l));
  const one = async (lane: Lane, input: RealtimeInput): Promise<Outcome> => {
    if (input.kind === 'handshake') {
      const status = await withBound(handshake(baseUrl, input), settings.hangMs);
      if (status === 'hang')
        return {
          answer: 'hang',
          finding: { kind: 'hang', answer: `no answer within ${settings.hangMs} ms` },
        };
      if (/^5\d\d$/.test(status)) return { answer: '5xx', finding: { kind: '5xx', answer: status } };
      return { answer: /^\d+$/.test(status) ? `handshake ${status}` : status };
    }
    if (input.kind === 'first-frame') {
      const result = await withBound(
        connect(url, ['guildwire.v1'], { text: input.frame, binary: input.binary }),
        settings.hangMs,
      );
      if (result === 'hang')
        return { answer: 'hang', finding: { kind: 'hang', answer: `no close within ${settings.hangMs} ms` } };
      result.ws?.close();
      return { answer: result.closed === undefined ? 'authenticated' : `closed ${result.closed}` };
    }
    // A lane's connection takes at most 15 malformed frames (20 close it with 4002), then a new one.
    if (!lane.ws || lane.ws.readyState !== WebSocket.OPEN || lane.frames >= 15) {
      lane.ws?.close();
      lane.frames = 0;
      const opened = await withBound(
        connect(url, ['guildwire.v1'], { text: authFrame, binary: false }),
        settings.hangMs,
      );
      if (opened === 'hang')
        return {
          answer: 'hang',
          finding: { kind: 'hang', answer: 'no authenticated answer to a valid auth' },
        };
      if (!opened.ws) return { answer: `auth refused ${opened.closed}` };
      lane.ws = opened.ws;
    }
    lane.frames++;
    const answer = await withBound(frameThenPing(lane.ws, input.frame, input.binary), settings.hangMs);
    if (answer === 'hang') {
      lane.ws.terminate();
      lane.ws = undefined;
      return {
        answer: 'hang',
        finding: { kind: 'hang', answer: `no pong or close within ${settings.hangMs} ms` },
      };
    }
    if (answer.startsWith('closed')) lane.ws = undefined;
    return { answer: answer.startsWith('closed') ? answer : answer.split(',')[0]! };
  };
  await eachLimited(lanes, lanes.length, async (lane, l) => {
    for (const input of laneInputs[l]!) {
      const outcome = await one(lane, input);
      count(answers, outcome.answer);
      if (outcome.finding) {
        if (outcome.finding.kind === '5xx') fivexx++;
        else hangs++;
        findings.push({
          surface: 'realtime',
          target: input.kind === 'handshake' ? `handshake ${input.method} ${input.path}` : input.kind,
          input: clip(
            input.kind === 'handshake'
              ? input.headers
              : input.binary
                ? `binary ${input.frame.toString('hex')}`
                : String(input.frame),
          ),
          ...outcome.finding,
        });
      }
    }
    lane.ws?.close();
  });
  return { report: { surface: 'realtime', inputs: inputs.length, fivexx, hangs, answers }, findings };
}
