// A steady, bounded load of ticket and giveaway changes over HTTP, spread over the replicas. A
// request that meets a dead replica or a 5xx is retried on another replica with the same
// Idempotency-Key (what a client should do), so the database ends with each change once.
import { setTimeout as sleep } from 'node:timers/promises';
import type { ChaosStack } from './stack.js';

/** A guild of the drill, with whom to act as. */
export interface ChaosGuild {
  readonly id: string;
  readonly ownerId: string;
  readonly memberIds: readonly string[];
  readonly giveawayChannelId: string;
}

/** What the load did. */
export interface LoadCounts {
  ticketsOpened: number;
  ticketsClosed: number;
  giveawaysCreated: number;
  /** Requests that failed on every try (counted, not fatal). */
  gaveUp: number;
  /** Tries answered 5xx (the faults show here). */
  http5xx: number;
  /** Tries that met a refused or reset connection. */
  unreachable: number;
}

export interface Load {
  readonly counts: LoadCounts;
  /** Stops after the operation in flight. */
  stop(): Promise<void>;
}

let keyCounter = 0;

/** Sends one change, trying each replica in turn for up to `deadlineMs`. */
async function send(
  stack: ChaosStack,
  counts: LoadCounts,
  urls: string[],
  path: string,
  token: string,
  body: unknown,
): Promise<unknown> {
  const key = `chaos-${process.pid}-${++keyCounter}`;
  const deadline = Date.now() + 60_000;
  for (let attempt = 0; Date.now() < deadline; attempt++) {
    const base = urls[(keyCounter + attempt) % urls.length]!;
    try {
      const res = await fetch(`${base}${path}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'idempotency-key': key,
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(10_000),
      });
      if (res.ok) return res.json();
      if (res.status >= 500) counts.http5xx++;
      else throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
    } catch (err) {
      if (err instanceof Error && /answered 4/.test(err.message)) throw err;
      counts.unreachable++;
    }
    await sleep(Math.min(2000, 100 * 2 ** attempt));
  }
  counts.gaveUp++;
  void stack;
  return undefined;
}

/**
 * Every `tickMs`: a member opens a ticket; every 3rd tick staff closes the oldest open one; every
 * 10th tick the owner creates a giveaway ending in 2–5 s (posted by the bot in the guild's channel).
 */
export function startLoad(stack: ChaosStack, guilds: readonly ChaosGuild[], tickMs: number): Load {
  const counts: LoadCounts = {
    ticketsOpened: 0,
    ticketsClosed: 0,
    giveawaysCreated: 0,
    gaveUp: 0,
    http5xx: 0,
    unreachable: 0,
  };
  const open: Array<{ guildId: string; id: string }> = [];
  let stopped = false;
  const tick = async (n: number) => {
    const guild = guilds[n % guilds.length]!;
    const member = guild.memberIds[n % guild.memberIds.length]!;
    const memberToken = stack.token(member, { [guild.id]: 'member' });
    const ownerToken = stack.token(guild.ownerId, { [guild.id]: 'admin' });
    const ticket = (await send(
      stack,
      counts,
      stack.urls('ticket'),
      `/v1/guilds/${guild.id}/tickets`,
      memberToken,
      {
        subject: `chaos ${n}`,
      },
    )) as { ticket?: { id: string } } | undefined;
    if (ticket?.ticket?.id) {
      counts.ticketsOpened++;
      open.push({ guildId: guild.id, id: ticket.ticket.id });
    }
    if (n % 3 === 2 && open.length > 0) {
      const oldest = open.shift()!;
      const closed = await send(
        stack,
        counts,
        stack.urls('ticket'),
        `/v1/guilds/${oldest.guildId}/tickets/${oldest.id}/close`,
        stack.token(guilds.find((g) => g.id === oldest.guildId)!.ownerId, { [oldest.guildId]: 'admin' }),
        { reason: 'chaos' },
      );
      if (closed !== undefined) counts.ticketsClosed++;
    }
    if (n % 10 === 0) {
      const created = await send(
        stack,
        counts,
        stack.urls('giveaway'),
        `/v1/guilds/${guild.id}/giveaways`,
        ownerToken,
        {
          prize: `chaos prize ${n}`,
          winnerCount: 1,
          channelId: guild.giveawayChannelId,
          endsAt: new Date(Date.now() + 2000 + (n % 4) * 1000).toISOString(),
        },
      );
      if (created !== undefined) counts.giveawaysCreated++;
    }
  };
  const running = (async () => {
    for (let n = 0; !stopped; n++) {
      const started = Date.now();
      await tick(n).catch((err: unknown) => {
        console.error(`load: ${err instanceof Error ? err.message : String(err)}`);
      });
      await sleep(Math.max(0, tickMs - (Date.now() - started)));
    }
  })();
  return {
    counts,
    async stop() {
      stopped = true;
      await running;
    },
  };
}
