import { fileURLToPath } from 'node:url';
import type { TsProcess } from '@guildwire/testkit';
import type { NatsConnection } from '@nats-io/transport-node';
import { percentile } from '../lib/percentile.js';
import type { Publisher } from './publisher.js';
import type { Kind } from './workload.js';

const clientLoadFile = fileURLToPath(new URL('./client-load.ts', import.meta.url));

/** One offered load of a ramp: what was delivered, and the latency. */
export interface Step {
  target: number;
  delivered: number;
  p50: number;
  p99: number;
}

/** What the load steps need from the driver. */
export interface LoadStepsDeps {
  /** The NATS connection the client workers answer on (`bench.ctl.<id>`). */
  readonly ctl: NatsConnection;
  readonly natsUrl: string;
  readonly publisher: Publisher;
  /** Spawns a role file with arguments (the driver kills it at the end). */
  spawn(file: string, args: string[]): TsProcess;
}

/** Starting client workers, stepping the offered load up, and stopping them. */
export function createLoadSteps(deps: LoadStepsDeps) {
  const { ctl, natsUrl, publisher, spawn } = deps;
  const request = async (id: string, op: string, timeout = 60_000) =>
    JSON.parse((await ctl.request(`bench.ctl.${id}`, op, { timeout })).string());

  /** Starts `clients` clients of `kind` in `workers` children; returns their ids. */
  const startClients = async (kind: Kind, url: string, clients: number, workers: number, guilds: number) => {
    const ids: string[] = [];
    const per = Math.ceil(clients / workers);
    const started = [];
    for (let w = 0; w < workers; w++) {
      const id = `${kind}-${w}-${Date.now()}`;
      ids.push(id);
      const child = spawn(clientLoadFile, [
        kind,
        url,
        String(per),
        String(guilds),
        String(w * per),
        natsUrl,
        id,
      ]);
      started.push(child.waitForLine('READY', 240_000));
    }
    await Promise.all(started);
    return ids;
  };

  /** Steps the offered load up; returns each step's delivered rate and latency. */
  const ramp = async (label: string, ids: string[], clients: number, guilds: number, targets: number[]) => {
    const steps: Step[] = [];
    const perEvent = clients / guilds;
    for (const target of targets) {
      const eventsPerSec = target / perEvent;
      const warm = publisher.publishFor(eventsPerSec, 1000 + 3000, guilds);
      await new Promise((r) => setTimeout(r, 1000));
      const before = await Promise.all(ids.map((id) => request(id, 'reset')));
      const t0 = Date.now();
      const published0 = publisher.published;
      await new Promise((r) => setTimeout(r, 3000));
      const after = await Promise.all(ids.map((id) => request(id, 'report')));
      const secs = (Date.now() - t0) / 1000;
      const publishedRate = ((publisher.published - published0) * perEvent) / secs;
      await warm;
      const delivered = after.reduce((s, a, i) => s + a.received - before[i].received, 0) / secs;
      const lat = after.flatMap((a) => a.samples as number[]).sort((a, b) => a - b);
      const step = {
        target,
        delivered: Math.round(delivered),
        p50: percentile(lat, 50),
        p99: percentile(lat, 99),
      };
      steps.push(step);
      const clientCpu = after.map((a) => `${a.cpuPct}%`).join('/');
      console.log(
        `  ${label.padEnd(10)} offered ${String(target).padStart(7)}/s  delivered ${String(step.delivered).padStart(7)}/s  p50 ${step.p50} ms  p99 ${step.p99} ms  (published ${Math.round(publishedRate)}/s, client cpu ${clientCpu})`,
      );
      // Let any backlog drain before the next step.
      await new Promise((r) => setTimeout(r, 1500));
      if (delivered < 0.9 * target || step.p99 > 1000) break;
    }
    const sustained = Math.max(
      0,
      ...steps.filter((s) => s.delivered >= 0.95 * s.target && s.p99 <= 250).map((s) => s.delivered),
    );
    // Saturation: the most it delivered at any offered load (the ratios compare these).
    const saturation = Math.max(0, ...steps.map((s) => s.delivered));
    return { steps, sustained, saturation };
  };
  const stopClients = async (ids: string[]) => {
    await Promise.all(ids.map((id) => request(id, 'stop').catch(() => undefined)));
  };

  return { request, startClients, ramp, stopClients };
}
