import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NatsServerMissingError } from './errors.js';
import { freePort } from './free-port.js';
import { natsGreets } from './nats-probe.js';
import { trackDirectory, untrackDirectory } from './process-reaper.js';
import { type ServerProcess, spawnServer } from './server-process.js';
import { attachToTest, type TeardownHost } from './teardown-host.js';
import { waitUntil } from './wait-until.js';

const HOST = '127.0.0.1';

/** One nats-server of a {@link TestNatsCluster}: same ports and store dir across restarts. */
export interface NatsClusterNode {
  /** Server name (`n1`, `n2`, …): what JetStream reports as leader or peer. */
  readonly name: string;
  /** Client URL of this node alone. */
  readonly url: string;
  /** Its HTTP monitoring endpoint (`/jsz`, `/healthz`, `/routez`). */
  readonly monitorUrl: string;
  /** Process id while it runs. */
  pid(): number | undefined;
  /** Running (paused or not). */
  running(): boolean;
  /** Stopped with SIGSTOP and not yet continued. */
  paused(): boolean;
  /** Starts it again (after stop or kill) on its ports with its store; resolves once it takes clients. */
  start(): Promise<void>;
  /** SIGTERM: the server shuts down cleanly. */
  stop(): Promise<void>;
  /** SIGKILL (kill -9): no shutdown at all. */
  kill(): Promise<void>;
  /** SIGSTOP: frozen, holding its sockets open, answering nothing. */
  pause(): void;
  /** SIGCONT after pause. */
  resume(): void;
  /** Its `/jsz` report (JetStream as this node sees it); `query` e.g. `streams=true`. */
  jsz(query?: string): Promise<NatsJsz>;
}

/** The part of `/jsz` the helpers read. */
export interface NatsJsz {
  readonly meta_cluster?: { readonly leader?: string; readonly cluster_size?: number };
  readonly account_details?: ReadonlyArray<{
    readonly stream_detail?: ReadonlyArray<{
      readonly name: string;
      readonly state: { readonly messages: number; readonly last_seq: number };
    }>;
  }>;
}

/** A JetStream cluster of nats-server processes routed to each other on loopback. */
export interface TestNatsCluster {
  readonly nodes: readonly NatsClusterNode[];
  /** Every node's client URL, comma-separated (what NATS_URL takes). */
  readonly url: string;
  /**
   * Resolves with the JetStream meta leader's name once every running, unpaused node names the
   * same one (the cluster can create and place streams).
   */
  waitForMetaLeader(timeoutMs?: number): Promise<string>;
  /** Kills every node and removes the store dirs. */
  stop(): Promise<void>;
}

interface NodePorts {
  readonly name: string;
  readonly client: number;
  readonly route: number;
  readonly monitor: number;
  readonly storeDir: string;
}

function serverArgs(node: NodePorts, all: readonly NodePorts[], clusterName: string): string[] {
  const routes = all.filter((n) => n !== node).map((n) => `nats://${HOST}:${n.route}`);
  return [
    '-js',
    '-a',
    HOST,
    '-p',
    String(node.client),
    '-m',
    String(node.monitor),
    '--name',
    node.name,
    '--cluster_name',
    clusterName,
    '--cluster',
    `nats://${HOST}:${node.route}`,
    '--routes',
    routes.join(','),
    '-sd',
    node.storeDir,
  ];
}

function clusterNode(ports: NodePorts, all: readonly NodePorts[], clusterName: string): NatsClusterNode {
  let server: ServerProcess | undefined;
  let paused = false;
  const monitorUrl = `http://${HOST}:${ports.monitor}`;
  const alive = () => server !== undefined && server.exitError() === undefined;
  const signal = (sig: NodeJS.Signals) => {
    const pid = server?.child.pid;
    if (alive() && pid !== undefined) process.kill(pid, sig);
  };
  const end = async (sig: NodeJS.Signals) => {
    if (!alive()) return;
    // A stopped process only acts on SIGTERM once continued.
    if (paused) signal('SIGCONT');
    paused = false;
    await server?.stop(sig);
  };
  return {
    name: ports.name,
    url: `nats://${HOST}:${ports.client}`,
    monitorUrl,
    pid: () => (alive() ? server?.child.pid : undefined),
    running: alive,
    paused: () => paused,
    async start() {
      if (alive()) return;
      const started = spawnServer(
        `nats-server ${ports.name}`,
        'nats-server',
        serverArgs(ports, all, clusterName),
      );
      server = started;
      try {
        await waitUntil(
          `nats-server ${ports.name} on ${HOST}:${ports.client}`,
          () => natsGreets(HOST, ports.client),
          {
            abort: started.exitError,
          },
        );
      } catch (error) {
        await started.stop('SIGKILL');
        const cause = started.exitError() ?? error;
        if ((cause as NodeJS.ErrnoException).code === 'ENOENT') throw new NatsServerMissingError({ cause });
        throw error;
      }
    },
    stop: () => end('SIGTERM'),
    kill: () => end('SIGKILL'),
    pause() {
      signal('SIGSTOP');
      if (alive()) paused = true;
    },
    resume() {
      signal('SIGCONT');
      paused = false;
    },
    async jsz(query = '') {
      const res = await fetch(`${monitorUrl}/jsz${query === '' ? '' : `?${query}`}`, {
        signal: AbortSignal.timeout(1_000),
      });
      if (!res.ok) throw new Error(`${ports.name} /jsz answered ${res.status}`);
      return (await res.json()) as NatsJsz;
    },
  };
}

/**
 * Starts `size` (default 3) `nats-server -js` processes from PATH on free loopback ports, routed
 * to each other (`--cluster` / `--routes`), each with its own store dir, and waits for a JetStream
 * meta leader. With `t`, stopping is registered as its teardown.
 */
export async function startNatsCluster(
  options: { readonly size?: number; readonly t?: TeardownHost } = {},
): Promise<TestNatsCluster> {
  const size = options.size ?? 3;
  const clusterName = `gw-test-${process.pid}`;
  const ports: NodePorts[] = [];
  for (let i = 1; i <= size; i++) {
    const storeDir = await mkdtemp(join(tmpdir(), `gw-testkit-nats-n${i}-`));
    trackDirectory(storeDir);
    ports.push({
      name: `n${i}`,
      client: await freePort(HOST),
      route: await freePort(HOST),
      monitor: await freePort(HOST),
      storeDir,
    });
  }
  const nodes = ports.map((p) => clusterNode(p, ports, clusterName));
  const cluster: TestNatsCluster = {
    nodes,
    url: nodes.map((n) => n.url).join(','),
    waitForMetaLeader: (timeoutMs = 30_000) =>
      waitUntil(
        'a JetStream meta leader every running node agrees on',
        async () => {
          const up = nodes.filter((n) => n.running() && !n.paused());
          const leaders = await Promise.all(up.map(async (n) => (await n.jsz()).meta_cluster?.leader));
          const first = leaders[0];
          return first && leaders.every((l) => l === first) ? first : undefined;
        },
        { timeoutMs, intervalMs: 100 },
      ),
    async stop() {
      await Promise.all(nodes.map((n) => n.kill()));
      for (const p of ports) {
        await rm(p.storeDir, { recursive: true, force: true });
        untrackDirectory(p.storeDir);
      }
    },
  };
  try {
    await Promise.all(nodes.map((n) => n.start()));
    await cluster.waitForMetaLeader(60_000);
  } catch (error) {
    await cluster.stop();
    throw error;
  }
  attachToTest(options.t, cluster.stop, `startNatsCluster: ${size} nodes ${cluster.url}`);
  return cluster;
}
