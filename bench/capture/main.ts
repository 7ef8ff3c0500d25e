// bench:capture — how fast captured Discord messages reach the ticket service (throughput).
//
// A burst of messages is posted in the Discord channels of many tickets at once (the fake Discord
// dispatches each MESSAGE_CREATE as it is posted); the bot captures them into DISCORD_CAPTURE and its
// forwarder hands them to the ticket service (cmd.ticket.record_message), which stores each one and
// emits ticket.message_posted. The bench counts those events on NATS: throughput is messages over the
// time from the first post to the last event. It also checks the order per ticket: each ticket's
// events must come in the order its messages were posted.
//
//   npm run bench:capture
//   BENCH_MESSAGES=3000 BENCH_TICKETS=60 npm run bench:capture
//   BENCH_BOT_ENV='{"CAPTURE_PARTITIONS":"1"}' npm run bench:capture     (the bot with extra settings)
// Ends with one line `RESULT {json}`.
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { connectBus } from '@guildwire/bus';
import { decodeMessage, ticketEvents } from '@guildwire/contracts';
import { pino } from 'pino';
import { seedBenchGuilds } from '../e2e/guilds.js';
import { openBenchTickets } from '../lib/bench-tickets.js';
import { startBenchStack } from '../lib/stack.js';

const messageCount = Number(process.env.BENCH_MESSAGES ?? 2000);
const ticketCount = Number(process.env.BENCH_TICKETS ?? 50);
const botEnv = JSON.parse(process.env.BENCH_BOT_ENV ?? '{}') as Record<string, string>;
const guildCount = Math.min(5, ticketCount);
const jwtSecret = 'bench-capture-secret-that-is-long-enough-for-hs256!';

const stack = await startBenchStack({
  services: ['config', 'ticket', 'bot-gateway'],
  jwtSecret,
  env: { ticket: { DB_POOL_SIZE: '20' }, 'bot-gateway': botEnv },
});
const { discord } = stack;
const guilds = seedBenchGuilds(discord.control, guildCount, Math.ceil(ticketCount / guildCount));
const tickets = await openBenchTickets(stack, guilds, ticketCount, 120_000);

// ---- ticket.message_posted as the ticket service emits them
const bus = await connectBus({
  servers: stack.natsUrl,
  name: 'bench-capture',
  namespace: stack.natsNamespace,
  logger: pino({ level: 'silent' }),
});
const seen = new Map<string, string[]>(); // ticket id → message contents in arrival order
let lastAt = 0;
let count = 0;
const sub = bus.nc.subscribe(bus.wire('guild.*.ticket.message_posted'));
void (async () => {
  for await (const m of sub) {
    const event = decodeMessage(ticketEvents.messagePosted.schema, m.data);
    const content = event.message?.content ?? '';
    if (!content.startsWith('burst ')) continue;
    const list = seen.get(event.ticketId) ?? [];
    list.push(content);
    seen.set(event.ticketId, list);
    count += 1;
    lastAt = performance.now();
  }
})();

async function burst(label: string, n: number) {
  seen.clear();
  count = 0;
  const posted = new Map<string, string[]>();
  const t0 = performance.now();
  for (let k = 0; k < n; k++) {
    const ticket = tickets[k % tickets.length]!;
    const content = `burst ${label} ${k}`;
    discord.control.postMessage({ channelId: ticket.channelId, userId: ticket.openerId, content });
    posted.set(ticket.id, [...(posted.get(ticket.id) ?? []), content]);
    // Let the fake's sockets flush now and then (a burst, not one synchronous block).
    if (k % 50 === 49) await sleep(0);
  }
  const postedMs = performance.now() - t0;
  const until = performance.now() + 180_000;
  while (count < n && performance.now() < until) await sleep(20);
  const elapsedMs = lastAt - t0;
  let outOfOrder = 0;
  for (const [id, contents] of posted) {
    const got = seen.get(id) ?? [];
    if (got.join('\n') !== contents.filter((c) => got.includes(c)).join('\n')) outOfOrder += 1;
  }
  return { delivered: count, postedMs, elapsedMs, perSecond: (count / elapsedMs) * 1000, outOfOrder };
}

console.log(
  `bench:capture — ${messageCount} messages across ${ticketCount} tickets, bot env ${JSON.stringify(botEnv)}`,
);
await burst('warm-up', Math.min(200, messageCount)); // JIT, pools, caches
const run = await burst('run', messageCount);
console.log(
  `  ${run.delivered}/${messageCount} recorded in ${run.elapsedMs.toFixed(0)} ms (posting took ${run.postedMs.toFixed(0)} ms): ${run.perSecond.toFixed(0)} messages/s; tickets out of order: ${run.outOfOrder}`,
);
const result = {
  messages: messageCount,
  tickets: ticketCount,
  bot_env: botEnv,
  delivered: run.delivered,
  elapsed_ms: Math.round(run.elapsedMs),
  messages_per_s: Math.round(run.perSecond),
  tickets_out_of_order: run.outOfOrder,
};
sub.unsubscribe();
await bus.close();
await stack.stop();
console.log(`RESULT ${JSON.stringify(result)}`);
process.exit(0);
