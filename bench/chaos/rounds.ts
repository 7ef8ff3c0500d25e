// The faults of the drill, one per round. Each leaves the stack whole again before it returns.
import { setTimeout as sleep } from 'node:timers/promises';
import type { ChaosStack, Replica } from './stack.js';

/** A kind of fault. */
export type RoundKind =
  | 'kill-replica'
  | 'kill-nats-node'
  | 'restart-postgres'
  | 'roll-gateways'
  | 'pause-nats-node';

export const roundKinds: readonly RoundKind[] = [
  'kill-replica',
  'kill-nats-node',
  'restart-postgres',
  'roll-gateways',
  'pause-nats-node',
];

/** What a round did, for the table. */
export interface RoundReport {
  readonly n: number;
  readonly kind: RoundKind;
  readonly target: string;
  readonly ms: number;
}

const pick = <T>(items: readonly T[], random: () => number): T => items[Math.floor(random() * items.length)]!;

async function killReplica(stack: ChaosStack, random: () => number): Promise<string> {
  const victim: Replica = pick(stack.replicas, random);
  await victim.kill();
  await sleep(1000);
  await victim.start();
  return `${victim.service}#${victim.index}`;
}

async function killNatsNode(stack: ChaosStack, random: () => number, holdMs: number): Promise<string> {
  const node = pick(stack.nats.nodes, random);
  await node.kill();
  await stack.nats.waitForMetaLeader();
  await sleep(holdMs);
  await node.start();
  await stack.nats.waitForMetaLeader();
  return node.name;
}

async function pauseNatsNode(stack: ChaosStack, random: () => number, holdMs: number): Promise<string> {
  const node = pick(stack.nats.nodes, random);
  node.pause();
  await sleep(holdMs);
  node.resume();
  await stack.nats.waitForMetaLeader();
  return node.name;
}

/** One gateway at a time: SIGTERM (clients get 1012 and resume elsewhere or here), start, ready. */
async function rollGateways(stack: ChaosStack): Promise<string> {
  const gateways = stack.replicas.filter((r) => r.service === 'realtime-gateway');
  for (const gateway of gateways) {
    await gateway.stop();
    await gateway.start();
  }
  return `${gateways.length} gateways`;
}

/** Runs one round of `kind`. */
export async function runRound(
  stack: ChaosStack,
  n: number,
  kind: RoundKind,
  random: () => number,
  holdMs: number,
): Promise<RoundReport> {
  const started = Date.now();
  let target: string;
  switch (kind) {
    case 'kill-replica':
      target = await killReplica(stack, random);
      break;
    case 'kill-nats-node':
      target = await killNatsNode(stack, random, holdMs);
      break;
    case 'restart-postgres':
      await stack.postgres.restart();
      target = 'postgres';
      break;
    case 'roll-gateways':
      target = await rollGateways(stack);
      break;
    case 'pause-nats-node':
      target = await pauseNatsNode(stack, random, holdMs);
      break;
  }
  return { n, kind, target, ms: Date.now() - started };
}

/** A small seeded generator (mulberry32), so a run can be repeated with CHAOS_SEED. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
