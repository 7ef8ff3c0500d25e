import { once } from 'node:events';
import { Client, type ClientOptions, Events, GatewayIntentBits } from 'discord.js';
import type { Test } from 'tap';
import { type FakeDiscord, type FakeDiscordOptions, startFakeDiscord } from '../src/index.js';

/** Starts a fake Discord for one test and closes it in teardown. */
export async function fakeDiscordForTest(t: Test, options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  const server = await startFakeDiscord(options);
  t.teardown(() => server.close());
  return server;
}

/** A guild with a support category, a text channel, a staff role and two members. */
export function seedGuild(server: FakeDiscord) {
  const { control } = server;
  const owner = control.createUser({ username: 'owner' });
  const guild = control.createGuild({ name: 'Test Guild', ownerId: owner.id });
  const staff = control.createRole(guild.id, { name: 'Staff' });
  const category = control.createChannel(guild.id, { name: 'Support', type: 4 });
  const text = control.createChannel(guild.id, { name: 'general', parent_id: category.id });
  const alice = control.createUser({ username: 'alice' });
  control.addMember(guild.id, alice.id);
  const sam = control.createUser({ username: 'sam' });
  control.addMember(guild.id, sam.id, { roles: [staff.id] });
  return { guild, staff, category, text, owner, alice, sam };
}

/** Every intent a ticket/giveaway bot uses. */
export const botIntents = [
  GatewayIntentBits.Guilds,
  GatewayIntentBits.GuildMembers,
  GatewayIntentBits.GuildMessages,
  GatewayIntentBits.GuildMessageReactions,
  GatewayIntentBits.MessageContent,
];

/** Logs a real discord.js Client in against the fake, waits for ClientReady, destroys it in teardown. */
export async function loginClient(
  t: Test,
  server: FakeDiscord,
  options: Partial<ClientOptions> = {},
): Promise<Client<true>> {
  const client = new Client({
    intents: botIntents,
    ...options,
    rest: { api: server.apiUrl, ...options.rest },
  });
  t.teardown(() => client.destroy());
  const ready = once(client, Events.ClientReady);
  await client.login(server.token);
  await ready;
  return client as Client<true>;
}
