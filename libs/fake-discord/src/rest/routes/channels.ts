import type { FastifyInstance } from 'fastify';
import type { FakeDiscordContext } from '../../context.js';
import { discordErrors } from '../../errors.js';
import { deleteChannel, deleteOverwrite, setOverwrite, updateChannel } from '../../state/channels.js';
import { requireChannel, THREAD_TYPES } from '../../state/lookup.js';
import type { ApiChannel } from '../../state/types.js';
import { parseChannelPatch } from '../validation/channel.js';
import { checkString, createFormErrors, requireBody } from '../validation/form-errors.js';

interface ChannelParams {
  channelId: string;
  overwriteId: string;
}

function threadPatch(raw: unknown, thread: ApiChannel): Partial<ApiChannel> {
  const body = requireBody(raw);
  const errors = createFormErrors();
  const patch: Partial<ApiChannel> = {};
  const name =
    body.name === undefined
      ? undefined
      : checkString(errors, ['name'], body.name, { required: true, min: 1, max: 100 });
  errors.throwIfAny();
  if (name !== undefined) patch.name = name;
  if (typeof body.rate_limit_per_user === 'number') patch.rate_limit_per_user = body.rate_limit_per_user;
  const metadata = { ...thread.thread_metadata! };
  if (typeof body.archived === 'boolean') {
    metadata.archived = body.archived;
    metadata.archive_timestamp = new Date().toISOString();
  }
  if (typeof body.locked === 'boolean') metadata.locked = body.locked;
  if (typeof body.invitable === 'boolean' && thread.type === 12) metadata.invitable = body.invitable;
  if (typeof body.auto_archive_duration === 'number')
    metadata.auto_archive_duration = body.auto_archive_duration;
  patch.thread_metadata = metadata;
  return patch;
}

/** GET/PATCH/DELETE /channels/{id} and permission overwrites. */
export function registerChannelRoutes(app: FastifyInstance, ctx: FakeDiscordContext): void {
  app.get<{ Params: ChannelParams }>('/channels/:channelId', async (request) =>
    requireChannel(ctx.store, request.params.channelId),
  );
  app.patch<{ Params: ChannelParams }>('/channels/:channelId', async (request) => {
    const channel = requireChannel(ctx.store, request.params.channelId);
    if (THREAD_TYPES.has(channel.type))
      return updateChannel(ctx, channel, threadPatch(request.body, channel));
    const patch = parseChannelPatch(request.body, ctx.store, channel.guild_id, channel.type);
    return updateChannel(ctx, channel, patch as Partial<ApiChannel>);
  });
  app.delete<{ Params: ChannelParams }>('/channels/:channelId', async (request) => {
    const channel = requireChannel(ctx.store, request.params.channelId);
    deleteChannel(ctx, channel);
    return channel;
  });
  app.put<{ Params: ChannelParams }>(
    '/channels/:channelId/permissions/:overwriteId',
    async (request, reply) => {
      const channel = requireChannel(ctx.store, request.params.channelId);
      if (THREAD_TYPES.has(channel.type)) throw discordErrors.invalidChannelType();
      const body = requireBody(request.body);
      const errors = createFormErrors();
      if (body.type !== 0 && body.type !== 1)
        errors.add(['type'], 'BASE_TYPE_CHOICES', 'Value must be one of {0, 1}.');
      errors.throwIfAny();
      const bits = (v: unknown) =>
        typeof v === 'string' || typeof v === 'number' ? BigInt(v).toString() : '0';
      setOverwrite(ctx, channel, {
        id: request.params.overwriteId,
        type: body.type as 0 | 1,
        allow: bits(body.allow),
        deny: bits(body.deny),
      });
      return reply.code(204).send();
    },
  );
  app.delete<{ Params: ChannelParams }>(
    '/channels/:channelId/permissions/:overwriteId',
    async (request, reply) => {
      const channel = requireChannel(ctx.store, request.params.channelId);
      if (!deleteOverwrite(ctx, channel, request.params.overwriteId)) throw discordErrors.unknownOverwrite();
      return reply.code(204).send();
    },
  );
}
