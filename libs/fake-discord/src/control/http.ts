import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { DiscordApiError } from '../errors.js';
import type { GuildRecord } from '../state/store.js';
import type { FakeDiscordControl } from './control.js';
import { ControlUsageError } from './errors.js';

/** A JSON view of a guild record. */
export function guildSummary(guild: GuildRecord) {
  return {
    id: guild.id,
    name: guild.name,
    ownerId: guild.ownerId,
    roles: [...guild.roles.values()],
    members: [...guild.members.values()],
  };
}

type Body = Record<string, never> & Record<string, unknown>;

/**
 * The control API over HTTP under /__control, for a demo or a test in another process: the same
 * operations as the TypeScript API, JSON in and out, usage errors as 400 {error}.
 */
export function controlHttp(control: FakeDiscordControl): FastifyPluginAsync {
  return async (app: FastifyInstance) => {
    app.setErrorHandler((error, _request, reply) => {
      const usage = error instanceof ControlUsageError || error instanceof DiscordApiError;
      return reply
        .code(usage ? 400 : 500)
        .send({ error: error instanceof Error ? error.message : String(error) });
    });
    app.get('/state', async () => ({ botUser: control.botUser, sessions: control.gateway.sessions() }));
    app.post<{ Body: Body }>('/users', async (request) => control.createUser(request.body as never));
    app.post<{ Body: Body }>('/guilds', async (request) =>
      guildSummary(control.createGuild(request.body as never)),
    );
    app.get<{ Params: { guildId: string } }>('/guilds/:guildId', async (request, reply) => {
      const guild = control.guild(request.params.guildId);
      return guild
        ? { ...guildSummary(guild), channels: control.channels(guild.id) }
        : reply.code(404).send({ error: 'unknown guild' });
    });
    app.post<{ Params: { guildId: string }; Body: Body }>('/guilds/:guildId/channels', async (request) =>
      control.createChannel(request.params.guildId, request.body as never),
    );
    app.post<{ Params: { guildId: string }; Body: Body }>('/guilds/:guildId/roles', async (request) =>
      control.createRole(request.params.guildId, request.body as never),
    );
    app.put<{ Params: { guildId: string; userId: string }; Body: Body }>(
      '/guilds/:guildId/members/:userId',
      async (request) =>
        control.addMember(request.params.guildId, request.params.userId, (request.body ?? {}) as never),
    );
    app.post<{ Body: { guildId?: unknown; userId?: unknown; channelId?: unknown } }>(
      '/voice',
      async (request) => {
        const { guildId, userId, channelId } = request.body ?? {};
        if (typeof guildId !== 'string' || typeof userId !== 'string')
          throw new ControlUsageError('guildId and userId are required');
        if (channelId !== null && typeof channelId !== 'string')
          throw new ControlUsageError('channelId must be a channel id or null');
        return { voiceState: control.joinVoice(guildId, userId, channelId) ?? null };
      },
    );
    app.get<{ Params: { guildId: string } }>('/guilds/:guildId/voice-states', async (request) =>
      control.voiceStates(request.params.guildId),
    );
    app.get<{ Params: { channelId: string } }>('/channels/:channelId/messages', async (request) =>
      control.messages(request.params.channelId),
    );
    app.post<{ Body: Body }>('/messages', async (request) => control.postMessage(request.body as never));
    app.post<{ Body: Body }>('/interactions/slash-command', async (request) =>
      control.runSlashCommand(request.body as never),
    );
    app.post<{ Body: Body }>('/interactions/component', async (request) =>
      control.pressButton(request.body as never),
    );
    app.post<{ Body: Body }>('/interactions/modal', async (request) =>
      control.submitModal(request.body as never),
    );
    app.get<{ Params: { id: string } }>(
      '/interactions/:id',
      async (request, reply) =>
        control.interaction(request.params.id) ?? reply.code(404).send({ error: 'unknown interaction' }),
    );
    app.post<{ Body: Body }>('/rate-limit', async (request, reply) => {
      control.rateLimit(request.body as never);
      return reply.code(204).send();
    });
    app.post<{ Body: Body }>('/server-error', async (request, reply) => {
      control.serverError(request.body as never);
      return reply.code(204).send();
    });
    app.post('/gateway/drop', async (_request, reply) => {
      control.gateway.dropConnections();
      return reply.code(204).send();
    });
  };
}
