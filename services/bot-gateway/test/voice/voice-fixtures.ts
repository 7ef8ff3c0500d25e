import type { JsonObject } from '@bufbuild/protobuf';
import { type Bus, bindCommand, publishEvent, serveCommands } from '@guildwire/bus';
import {
  ConfigUpdatedSchema,
  configCommands,
  configEvents,
  createEventMeta,
  createMessage,
  dashboardActor,
  type SettingsModuleName,
  settingsModules,
  type VoiceSettings,
  voiceModule,
} from '@guildwire/contracts';
import { type FakeDiscord, seedDemoGuild } from '@guildwire/fake-discord';
import type { ServiceApp } from '@guildwire/service-kit';
import { waitUntil } from '@guildwire/testkit';
import type { Tap } from '../fixtures.js';

/** The demo guild plus a voice category, a lobby, a plain voice channel, a panel channel and carol. */
export function voiceGuild(discord: FakeDiscord) {
  const demo = seedDemoGuild(discord.control);
  const { control } = discord;
  const category = control.createChannel(demo.guildId, { name: 'Voice', type: 4 });
  const lobby = control.createChannel(demo.guildId, {
    name: 'Join to create',
    type: 2,
    parent_id: category.id,
  });
  const lounge = control.createChannel(demo.guildId, { name: 'Lounge', type: 2 });
  const controls = control.createChannel(demo.guildId, { name: 'voice-controls' });
  const carol = control.createUser({ username: 'carol' });
  control.addMember(demo.guildId, carol.id);
  return {
    ...demo,
    categoryId: category.id,
    lobbyId: lobby.id,
    loungeId: lounge.id,
    controlsId: controls.id,
    users: { ...demo.userIds, carol: carol.id },
  };
}

/** The voice settings a test starts with: the lobby and category of `voiceGuild`. */
export function voiceSettings(
  guild: { lobbyId: string; categoryId: string },
  more: Partial<VoiceSettings> = {},
) {
  return {
    ...voiceModule.defaults,
    lobbyChannelId: guild.lobbyId,
    categoryId: guild.categoryId,
    nameTemplate: "{username}'s room",
    userLimit: 4,
    bitrate: 96_000,
    ...more,
  } as VoiceSettings;
}

/**
 * A stand-in config service on the real bus: `cmd.config.get` answers `voice` from `current`
 * (version 1), other modules with their defaults. `change` publishes a `config.updated` like the
 * real service does and waits until the bot's settings client applied it.
 */
export async function standInConfig(t: Tap, bus: Bus, guildId: string, initial: VoiceSettings) {
  let current = { version: 1, settings: initial };
  const server = await serveCommands(bus, { name: 'config', version: '0.0.0' }, [
    bindCommand(configCommands.get, async (req) => ({
      settings: {
        guildId: req.guildId,
        module: req.module,
        version: req.module === 'voice' ? current.version : 1,
        settings: (req.module === 'voice'
          ? current.settings
          : settingsModules[req.module as SettingsModuleName].defaults) as unknown as JsonObject,
      },
    })),
  ]);
  t.teardown(() => server.stop());
  return {
    async change(app: ServiceApp, settings: VoiceSettings) {
      current = { version: current.version + 1, settings };
      const meta = createEventMeta({
        guildId,
        actor: dashboardActor('1300000000000000101'),
        aggregateVersion: current.version,
      });
      const doc = {
        guildId,
        module: 'voice',
        version: current.version,
        settings: settings as unknown as JsonObject,
      };
      await publishEvent(
        bus,
        configEvents.updated,
        createMessage(ConfigUpdatedSchema, { meta, settings: doc }),
      );
      const version = current.version;
      await waitUntil('the bot applied the voice settings', async () =>
        app.settings.peek(guildId, 'voice')?.version === version ? true : undefined,
      );
    },
  };
}

/** The voice channels under the guild's voice category other than the lobby: the temporary ones. */
export function rooms(discord: FakeDiscord, guild: { guildId: string; categoryId: string; lobbyId: string }) {
  return discord.control
    .channels(guild.guildId)
    .filter((c) => c.type === 2 && c.parent_id === guild.categoryId && c.id !== guild.lobbyId);
}

/** Waits until `userId` sits in a temporary channel; returns that channel. */
export function waitForRoomOf(
  discord: FakeDiscord,
  guild: { guildId: string; categoryId: string; lobbyId: string },
  userId: string,
) {
  return discord.control.waitFor(
    () => {
      const at = discord.control.voiceState(guild.guildId, userId)?.channelId;
      return rooms(discord, guild).find((c) => c.id === at);
    },
    { description: `${userId} moved into a temporary channel` },
  );
}

/** Waits until a channel no longer exists. */
export function waitForDeleted(discord: FakeDiscord, channelId: string) {
  return discord.control.waitFor(() => (discord.control.channel(channelId) ? undefined : true), {
    description: `channel ${channelId} deleted`,
  });
}
