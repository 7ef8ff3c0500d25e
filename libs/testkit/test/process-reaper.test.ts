import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { isPortFree, spawnTs, waitUntil } from '../src/index.js';

const fixture = fileURLToPath(new URL('./fixtures/start-and-linger.ts', import.meta.url));
// With NATS_URL/DATABASE_URL nothing is started locally, so there is nothing to reap.
const shared = process.env.NATS_URL || process.env.DATABASE_URL ? 'servers are shared' : false;

async function startedPorts(child: ReturnType<typeof spawnTs>): Promise<number[]> {
  const nats = await child.waitForLine(/^nats=/, 60_000);
  const postgres = await child.waitForLine(/^postgres=/, 60_000);
  return [nats, postgres].map((line) => Number(new URL(line.slice(line.indexOf('=') + 1)).port));
}

async function allFree(ports: number[]): Promise<true | undefined> {
  const free = await Promise.all(ports.map((port) => isPortFree(port)));
  return free.every(Boolean) ? true : undefined;
}

for (const [how, args, signal] of [
  ['exits normally', ['exit'], undefined],
  ['gets SIGTERM', [], 'SIGTERM'],
] as const) {
  t.test(`process-reaper – servers die when the test process ${how}`, { skip: shared }, async (t) => {
    const exitFile = join(tmpdir(), `gw-reaper-exit-${process.pid}-${Date.now()}`);
    t.teardown(() => rmSync(exitFile, { force: true }));
    const child = spawnTs(fixture, { args: args.length > 0 ? [...args, exitFile] : [], t });
    const ports = await startedPorts(child);
    t.equal(await allFree(ports), undefined, 'servers listen while the process lives');
    if (signal !== undefined) child.child.kill(signal);
    else writeFileSync(exitFile, 'exit');
    await child.exited;
    t.ok(await waitUntil('ports to be released', () => allFree(ports), { timeoutMs: 10_000 }));
  });
}
