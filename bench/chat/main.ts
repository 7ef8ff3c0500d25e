// bench:chat — a ticket conversation between Discord and the dashboard, through the whole stack.
//
// Discord → dashboard: members write in their tickets' Discord channels at a steady rate across
// many tickets (open loop). t0 is the fake Discord posting the message (it dispatches
// MESSAGE_CREATE synchronously); the bot captures it (DISCORD_CAPTURE → cmd.ticket.record_message),
// the ticket service stores it and emits ticket.message_posted, the realtime gateway sends it to the
// guild's staff dashboard (libs/realtime-client): t1.
// Dashboard → Discord: staff reply over HTTP (POST …/tickets/:id/messages). t0 is the request sent;
// t1 is the fake Discord dispatching the MESSAGE_CREATE of the bot's post (control.subscribe, called
// synchronously as it happens).
// Next to them, in the same run, bench:e2e's bare chain at the same rate: a gateway dispatch → one
// INSERT → one JetStream publish → one WebSocket send (bench/lib/bare-chain-runner.ts).
//
//   npm run bench:chat
//   BENCH_DURATION_MS=5000 npm run bench:chat                       (quicker)
//   BENCH_RATE=50 BENCH_TICKETS=100 BENCH_REPLY_RATE=20 npm run bench:chat
// Ends with one line `RESULT {json}`.
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { ticketEvents } from '@guildwire/contracts';
import { createRealtimeClient, type WebSocketConstructor } from '@guildwire/realtime-client';
import { waitUntil } from '@guildwire/testkit';
import WebSocket from 'ws';
import { seedBenchGuilds } from '../e2e/guilds.js';
import { startBareChain } from '../lib/bare-chain-runner.js';
import { openBenchTickets } from '../lib/bench-tickets.js';
import { openLoop } from '../lib/open-loop.js';
import { percentile } from '../lib/percentile.js';
import { startBenchStack } from '../lib/stack.js';

const rate = Number(process.env.BENCH_RATE ?? 50);
const replyRate = Number(process.env.BENCH_REPLY_RATE ?? 20);
const durationMs = Number(process.env.BENCH_DURATION_MS ?? 20_000);
const ticketCount = Number(process.env.BENCH_TICKETS ?? 100);
const guildCount = Math.min(10, ticketCount);
const targetMs = 50;
const drainMs = 15_000;
const jwtSecret = 'bench-chat-secret-that-is-long-enough-for-hs256!';

// ---- the stack, and the tickets: each opened by a member on the dashboard, given a channel by the bot
const stack = await startBenchStack({
  services: ['config', 'ticket', 'realtime-gateway', 'bot-gateway'],
  jwtSecret,
  env: { ticket: { DB_POOL_SIZE: '20' } },
});
const { discord } = stack;
const ticketUrl = stack.urls.ticket!;
const guilds = seedBenchGuilds(discord.control, guildCount, Math.ceil(ticketCount / guildCount));
const tickets = await openBenchTickets(stack, guilds, ticketCount, 60_000);

// ---- the dashboards: one staff client per guild
const postedAt = new Map<string, number>(); // Discord message id → t0
const shownMs = new Map<string, number>();
const dashboards = guilds.map((guild) => {
  const client = createRealtimeClient({
    url: `${stack.urls['realtime-gateway']!.replace(/^http/, 'ws')}/v1/stream`,
    getToken: () => stack.token(guild.staffUserId, { [guild.id]: 'staff' }),
    WebSocket: WebSocket as unknown as WebSocketConstructor,
  });
  client.on(ticketEvents.messagePosted, (data) => {
    const at = performance.now();
    const id = data.message?.id ?? '';
    const t0 = postedAt.get(id);
    if (t0 !== undefined && !shownMs.has(id)) shownMs.set(id, at - t0);
  });
  client.subscribe(guild.id);
  return client;
});
await waitUntil(
  'dashboards live',
  async () => (dashboards.every((d) => d.status === 'live') ? true : undefined),
  {
    timeoutMs: 30_000,
  },
);

// ---- replies as the fake Discord receives them (the bot's MESSAGE_CREATE)
const replySentAt = new Map<string, number>(); // content → t0
const replyMs = new Map<string, number>();
discord.control.subscribe((event) => {
  if (event.kind !== 'dispatch' || event.name !== 'MESSAGE_CREATE') return;
  const content = (event.data as { content?: string }).content ?? '';
  const t0 = replySentAt.get(content);
  if (t0 !== undefined && !replyMs.has(content)) replyMs.set(content, performance.now() - t0);
});

async function discordToDashboard(r: number, ms: number, label: string) {
  const ids: string[] = [];
  const sent = await openLoop(r, ms, (k) => {
    const ticket = tickets[k % tickets.length]!;
    const t0 = performance.now();
    const m = discord.control.postMessage({
      channelId: ticket.channelId,
      userId: ticket.openerId,
      content: `${label} ${k}`,
    });
    postedAt.set(m.id, t0);
    ids.push(m.id);
  });
  const until = performance.now() + drainMs;
  while (ids.some((id) => !shownMs.has(id)) && performance.now() < until) await sleep(50);
  const sorted = ids.flatMap((id) => (shownMs.has(id) ? [shownMs.get(id)!] : [])).sort((a, b) => a - b);
  return { sent, delivered: sorted.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
}

async function dashboardToDiscord(r: number, ms: number, label: string) {
  const contents: string[] = [];
  const failures: number[] = [];
  const sent = await openLoop(r, ms, (k) => {
    const ticket = tickets[k % tickets.length]!;
    const content = `${label} ${k}`;
    contents.push(content);
    replySentAt.set(content, performance.now());
    void fetch(`${ticketUrl}/v1/guilds/${ticket.guildId}/tickets/${ticket.id}/messages`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${stack.token(ticket.staffId, { [ticket.guildId]: 'staff' })}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ content }),
    }).then((res) => {
      if (res.status !== 202) failures.push(res.status);
    });
  });
  const until = performance.now() + drainMs;
  while (contents.some((c) => !replyMs.has(c)) && performance.now() < until) await sleep(50);
  const sorted = contents.flatMap((c) => (replyMs.has(c) ? [replyMs.get(c)!] : [])).sort((a, b) => a - b);
  return {
    sent,
    refused: failures.length,
    delivered: sorted.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
  };
}

// ---- the run
console.log(
  `bench:chat — ${ticketCount} tickets in ${guildCount} guilds, ${durationMs} ms per phase, open loop`,
);
const bare = await startBareChain({ natsUrl: stack.natsUrl, databaseUrl: stack.databases.ticket! });
await discordToDashboard(10, 2000, 'warm-up'); // JIT, pools, caches
await dashboardToDiscord(5, 2000, 'warm-up reply');
await bare.step(10, 1000);
const bareFigures = await bare.step(rate, durationMs);
const inbound = await discordToDashboard(rate, durationMs, 'chat');
const outbound = await dashboardToDiscord(replyRate, durationMs, 'reply');

const fmt = (ms: number) => `${ms.toFixed(1).padStart(6)} ms`;
const verdict = (p99: number) => (p99 <= targetMs ? 'within' : '✗ over');
console.log(
  `  Discord → dashboard  ${rate}/s: ${inbound.delivered}/${inbound.sent} delivered, p50 ${fmt(inbound.p50)} p99 ${fmt(inbound.p99)}  (${verdict(inbound.p99)} target ≤ ${targetMs} ms)`,
);
console.log(
  `  dashboard → Discord  ${replyRate}/s: ${outbound.delivered}/${outbound.sent} posted (${outbound.refused} refused), p50 ${fmt(outbound.p50)} p99 ${fmt(outbound.p99)}  (${verdict(outbound.p99)} target ≤ ${targetMs} ms)`,
);
console.log(
  `  bare chain (bench:e2e's reference) ${rate}/s: ${bareFigures.delivered}/${bareFigures.presses}, p50 ${fmt(bareFigures.p50)} p99 ${fmt(bareFigures.p99)}`,
);

const round = (x: number) => (Number.isNaN(x) ? null : Math.round(x * 100) / 100);
const result = {
  rate_per_s: rate,
  tickets: ticketCount,
  discord_to_dashboard_p50_ms: round(inbound.p50),
  discord_to_dashboard_p99_ms: round(inbound.p99),
  discord_to_dashboard_delivered: inbound.delivered,
  discord_to_dashboard_sent: inbound.sent,
  reply_rate_per_s: replyRate,
  dashboard_to_discord_p50_ms: round(outbound.p50),
  dashboard_to_discord_p99_ms: round(outbound.p99),
  dashboard_to_discord_posted: outbound.delivered,
  dashboard_to_discord_sent: outbound.sent,
  bare_p50_ms: round(bareFigures.p50),
  bare_p99_ms: round(bareFigures.p99),
};
for (const d of dashboards) d.close();
await bare.close();
await stack.stop();
console.log(`RESULT ${JSON.stringify(result)}`);
process.exit(0);
