import type { JsonObject } from '@bufbuild/protobuf';
import { type Bus, bindCommand, publishEvent, serveCommands } from '@guildwire/bus';
import {
  ConfigUpdatedSchema,
  configEvents,
  createEventMeta,
  createMessage,
  discordActor,
  type SetTicketChannelRequest,
  TicketOpenedSchema,
  TicketStatus,
  ticketCommands,
  ticketEvents,
  ticketsModule,
} from '@guildwire/contracts';
import { seedDemoGuild } from '@guildwire/fake-discord';
import { answerSettings } from '@guildwire/settings-client/testing';
import { waitUntil } from '@guildwire/testkit';
import t from 'tap';
import { botBus, fakeDiscord, startBot, type Tap } from '../fixtures.js';

async function standIns(t: Tap, bus: Bus, supportRoleIds: string[]) {
  const setChannel: SetTicketChannelRequest[] = [];
  const server = await serveCommands(bus, { name: 'stand-in', version: '0.0.0' }, [
    bindCommand(ticketCommands.setChannel, async (req) => {
      setChannel.push(req);
      return {};
    }),
  ]);
  t.teardown(() => server.stop());
  const config = await answerSettings(bus, { tickets: { channelMode: 'channel', supportRoleIds } });
  t.teardown(() => config.stop());
  return setChannel;
}

t.test(
  'support roles – config.updated lets the new support roles into open ticket channels, drops the old',
  async (t) => {
    const discord = await fakeDiscord(t);
    const demo = seedDemoGuild(discord.control);
    const moderators = discord.control.createRole(demo.guildId, { name: 'Moderators' });
    const bus = await botBus(t);
    const setChannel = await standIns(t, bus, [demo.staffRoleId]);
    await startBot(t, discord, bus, { REGISTER_COMMANDS: 'false' });
    const ticket = {
      id: '0190c1d2-0000-7000-8000-0000000000c1',
      guildId: demo.guildId,
      number: 7,
      subject: 'roles',
      status: TicketStatus.OPEN,
      openerId: demo.userIds.alice,
      version: 1,
    };
    const meta = (v: number) =>
      createEventMeta({
        guildId: demo.guildId,
        actor: discordActor(demo.userIds.alice),
        aggregateVersion: v,
      });
    await publishEvent(
      bus,
      ticketEvents.opened,
      createMessage(TicketOpenedSchema, { meta: meta(1), ticket }),
    );
    await waitUntil('set_channel', async () => setChannel[0]);
    const channelId = setChannel[0]!.channelId;
    const overwrites = () =>
      new Map((discord.control.channel(channelId)?.permission_overwrites ?? []).map((o) => [o.id, o]));
    t.ok(overwrites().has(demo.staffRoleId), 'the support role of the time is let in');

    await publishEvent(
      bus,
      configEvents.updated,
      createMessage(ConfigUpdatedSchema, {
        meta: meta(2),
        settings: {
          guildId: demo.guildId,
          module: 'tickets',
          version: 2,
          settings: {
            ...ticketsModule.defaults,
            channelMode: 'channel',
            supportRoleIds: [moderators.id],
          } as unknown as JsonObject,
        },
      }),
    );
    const after = await discord.control.waitFor(() => {
      const now = overwrites();
      return now.has(moderators.id) && !now.has(demo.staffRoleId) ? now : undefined;
    });
    t.not(BigInt(after.get(moderators.id)?.allow ?? '0') & (1n << 10n), 0n, 'the new support role can view');
    t.ok(after.has(demo.userIds.alice), "the opener's access is untouched");
  },
);
