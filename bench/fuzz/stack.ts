// The stack a fuzz run needs (config, ticket, giveaway, realtime-gateway, bot-gateway), a guild the
// bot is in, and a few things in it (a panel, tickets) whose ids the HTTP inputs use.
import { startBenchStack } from '../lib/stack.js';
import type { FuzzTargets } from './types.js';

const jwtSecret = 'fuzz-secret-that-is-long-enough-for-hs256-signing!';

/** A running stack and the targets of runFuzz on it. */
export interface FuzzStack {
  readonly targets: FuzzTargets;
  exited(): string[];
  stderr(service: string): string;
  stop(): Promise<void>;
}

/** Starts the stack as `npm start` would run it. */
export async function startFuzzStack(options: { fromSources?: boolean } = {}): Promise<FuzzStack> {
  const stack = await startBenchStack({
    fromSources: options.fromSources ?? false,
    services: ['config', 'ticket', 'giveaway', 'realtime-gateway', 'bot-gateway'],
    jwtSecret,
    // The bot answers within 3 s on its own; on a loaded machine the fuzz must not count Discord's deadline.
    discord: { interactionDeadlineMs: 30_000 },
    // One address opens every connection.
    env: { 'realtime-gateway': { RT_CONNECTIONS_PER_SECOND: '10000', RT_CONNECTION_BURST: '10000' } },
  });
  const control = stack.discord.control;
  const owner = control.createUser({ username: 'fuzz-admin', id: '100000000000000001' });
  const guild = control.createGuild({ name: 'fuzz http guild', ownerId: owner.id });
  const member = control.createUser({ username: 'fuzz-member-http', id: '100000000000000002' });
  control.addMember(guild.id, member.id);
  const channel = control.createChannel(guild.id, { name: 'fuzz-panel' });
  const admin = {
    authorization: `Bearer ${stack.token(owner.id, { [guild.id]: 'admin' })}`,
    'content-type': 'application/json',
  };
  const ticketUrl = stack.urls.ticket!;
  const knownIds: string[] = [channel.id, member.id];
  const post = async (url: string, body: unknown) => {
    const res = await fetch(url, { method: 'POST', headers: admin, body: JSON.stringify(body) });
    if (res.ok) knownIds.push(((await res.json()) as { id: string }).id);
  };
  await post(`${ticketUrl}/v1/guilds/${guild.id}/panels`, { title: 'Fuzz', channelId: channel.id });
  for (let i = 0; i < 3; i++)
    await post(`${ticketUrl}/v1/guilds/${guild.id}/tickets`, { subject: `fuzz ${i}` });
  const { 'realtime-gateway': realtime, ...http } = stack.urls;
  return {
    targets: {
      http,
      realtime: realtime!,
      nats: { url: stack.natsUrl, namespace: stack.natsNamespace },
      discord: control,
      token: stack.token,
      guildId: guild.id,
      knownIds,
      exited: stack.exited,
    },
    exited: stack.exited,
    stderr: stack.stderr,
    stop: stack.stop,
  };
}
