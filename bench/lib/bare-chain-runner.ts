// bench:e2e's bare chain (bench/e2e/bare-chain.ts) as a reference any end-to-end bench can run next
// to its own figures: a gateway dispatch → one INSERT → one JetStream publish → one WebSocket send.
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { type FakeDiscord, startFakeDiscord } from '@guildwire/fake-discord';
import { freePort, spawnTs } from '@guildwire/testkit';
import WebSocket from 'ws';
import { seedBenchGuilds } from '../e2e/guilds.js';
import { openLoop } from './open-loop.js';
import { percentile } from './percentile.js';

/** One rate of the bare chain. */
export interface BareFigures {
  rate: number;
  presses: number;
  delivered: number;
  p50: number;
  p99: number;
}

/** A running bare chain: measure a rate, then close. */
export interface BareChain {
  step(rate: number, ms: number): Promise<BareFigures>;
  close(): Promise<void>;
}

/** Starts the bare chain against a fake Discord of its own (its presses must not reach the bot). */
export async function startBareChain(options: {
  readonly natsUrl: string;
  readonly databaseUrl: string;
  readonly drainMs?: number;
}): Promise<BareChain> {
  const discord: FakeDiscord = await startFakeDiscord();
  const [guild] = seedBenchGuilds(discord.control, 1, 20);
  const port = await freePort();
  const child = spawnTs(fileURLToPath(new URL('../e2e/bare-chain.ts', import.meta.url)), {
    env: {
      NATS_URL: options.natsUrl,
      DATABASE_URL: options.databaseUrl,
      DISCORD_API_URL: discord.apiUrl,
      DISCORD_TOKEN: discord.token,
      CHANNEL_ID: guild!.panelChannelId,
      PORT: String(port),
    },
  });
  const messageId = (await child.waitForLine(/^READY /, 60_000)).split(' ')[1]!;
  const sent = new Map<string, number>();
  let latencies: number[] = [];
  const client = new WebSocket(`ws://127.0.0.1:${port}`);
  client.on('message', (raw) => {
    const at = performance.now();
    const { id } = JSON.parse(String(raw)) as { id: string };
    const sentAt = sent.get(id);
    if (sentAt !== undefined) latencies.push(at - sentAt);
  });
  await new Promise((resolve, reject) => client.once('open', resolve).once('error', reject));
  return {
    async step(rate, ms) {
      latencies = [];
      const presses = await openLoop(rate, ms, (k) => {
        const at = performance.now();
        const press = discord.control.pressButton({
          messageId,
          customId: 'bare-press',
          userId: guild!.memberIds[k % guild!.memberIds.length]!,
        });
        sent.set(press.id, at);
      });
      const drainUntil = performance.now() + (options.drainMs ?? 10_000);
      while (latencies.length < presses && performance.now() < drainUntil) await sleep(20);
      const sorted = [...latencies].sort((a, b) => a - b);
      return {
        rate,
        presses,
        delivered: sorted.length,
        p50: percentile(sorted, 50),
        p99: percentile(sorted, 99),
      };
    },
    async close() {
      client.close();
      await child.kill();
      await discord.close();
    },
  };
}
