import type { FastifyInstance } from 'fastify';
import type { FakeDiscordContext } from '../../context.js';
import { discordErrors } from '../../errors.js';
import { acknowledgeInteraction, expireIfPending, InteractionType } from '../../state/interactions.js';
import { requireChannel } from '../../state/lookup.js';
import { createMessage, EPHEMERAL, editMessage, LOADING } from '../../state/messages.js';
import { messagePayload } from '../../state/payloads.js';
import type { ApiMessage, InteractionRecord, JsonObject } from '../../state/types.js';
import { createFormErrors, isRecord, requireBody } from '../validation/form-errors.js';
import { parseMessageBody } from '../validation/message.js';
import { parseModal } from '../validation/modal.js';

/** Interaction callback types (docs: "Interaction Response Object → Interaction Callback Type"). */
export const CallbackType = {
  ChannelMessageWithSource: 4,
  DeferredChannelMessageWithSource: 5,
  DeferredUpdateMessage: 6,
  UpdateMessage: 7,
  ApplicationCommandAutocompleteResult: 8,
  Modal: 9,
} as const;

/** Autocomplete choices: at most 25, names of 1–100 characters, values of at most 100 (docs: "Autocomplete"). */
function checkChoices(data: unknown): void {
  const errors = createFormErrors();
  const choices = isRecord(data) ? data.choices : undefined;
  if (!Array.isArray(choices))
    errors.add(['data', 'choices'], 'BASE_TYPE_REQUIRED', 'This field is required');
  else {
    if (choices.length > 25)
      errors.add(['data', 'choices'], 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
    choices.forEach((c: unknown, i) => {
      const name = isRecord(c) ? c.name : undefined;
      const value = isRecord(c) ? c.value : undefined;
      if (typeof name !== 'string' || name.length < 1 || name.length > 100)
        errors.add(
          ['data', 'choices', String(i), 'name'],
          'BASE_TYPE_BAD_LENGTH',
          'Must be between 1 and 100 in length.',
        );
      if (typeof value === 'string' ? value.length > 100 : typeof value !== 'number')
        errors.add(
          ['data', 'choices', String(i), 'value'],
          'BASE_TYPE_BAD_LENGTH',
          'Must be between 1 and 100 in length.',
        );
    });
  }
  errors.throwIfAny();
}

function invalidType(message: string): never {
  const errors = createFormErrors();
  errors.add(['type'], 'INTERACTION_CALLBACK_TYPE_INVALID', message);
  errors.throwIfAny();
  throw new Error('unreachable');
}

/** The interaction_metadata Discord attaches to messages that answer an interaction. */
export function interactionMetadata(ctx: FakeDiscordContext, record: InteractionRecord): JsonObject {
  const data = record.payload.data as JsonObject;
  return {
    id: record.id,
    type: record.type,
    user: ctx.store.users.get(record.userId),
    authorizing_integration_owners: { '0': record.guildId },
    ...(record.type === InteractionType.ApplicationCommand ? { name: data.name } : {}),
    ...(record.sourceMessageId ? { interacted_message_id: record.sourceMessageId } : {}),
  };
}

function answer(
  ctx: FakeDiscordContext,
  record: InteractionRecord,
  type: number,
  data: unknown,
): ApiMessage | undefined {
  const channel = requireChannel(ctx.store, record.channelId);
  const source = record.sourceMessageId ? ctx.store.messages.get(record.sourceMessageId) : undefined;
  const base = {
    author: ctx.botUser,
    webhookId: ctx.applicationId,
    type: record.type === InteractionType.ApplicationCommand ? 20 : 0,
    interactionMetadata: interactionMetadata(ctx, record),
  };
  // An autocomplete interaction takes choices, and only they; choices answer nothing else.
  if (record.type === InteractionType.ApplicationCommandAutocomplete) {
    if (type !== CallbackType.ApplicationCommandAutocompleteResult)
      invalidType('An autocomplete interaction is answered with type 8');
    checkChoices(data);
    return undefined;
  }
  switch (type) {
    case CallbackType.ChannelMessageWithSource:
      return createMessage(ctx, channel, {
        ...base,
        ...parseMessageBody(data ?? {}, { partial: false, allowEphemeral: true }),
      });
    case CallbackType.DeferredChannelMessageWithSource: {
      const flags = isRecord(data) && typeof data.flags === 'number' ? data.flags & EPHEMERAL : 0;
      return createMessage(ctx, channel, { ...base, flags: LOADING | flags });
    }
    case CallbackType.DeferredUpdateMessage:
    case CallbackType.UpdateMessage: {
      if (!source) invalidType('Only interactions on a message component can update a message');
      if (type === CallbackType.DeferredUpdateMessage) return source;
      return editMessage(ctx, source, parseMessageBody(data ?? {}, { partial: true, allowEphemeral: false }));
    }
    case CallbackType.Modal:
      if (record.type === InteractionType.ModalSubmit)
        invalidType('A modal submission cannot open another modal');
      parseModal(data);
      return undefined;
    default:
      return invalidType('Value must be one of {4, 5, 6, 7, 9}.');
  }
}

/**
 * POST /interactions/{id}/{token}/callback: answers within the deadline (else 10062 Unknown
 * interaction), once (else 40060), with a body valid for the callback type.
 */
export function registerInteractionRoutes(app: FastifyInstance, ctx: FakeDiscordContext): void {
  app.post<{ Params: { interactionId: string; token: string }; Querystring: { with_response?: string } }>(
    '/interactions/:interactionId/:token/callback',
    async (request, reply) => {
      const record = ctx.store.interactions.get(request.params.interactionId);
      if (!record || record.token !== request.params.token) throw discordErrors.unknownInteraction();
      if (record.status === 'pending' && Date.now() > record.deadlineAt) expireIfPending(ctx, record);
      if (record.status === 'expired') throw discordErrors.unknownInteraction();
      if (record.status === 'acknowledged') throw discordErrors.interactionAlreadyAcknowledged();
      const body = requireBody(request.body);
      const type = typeof body.type === 'number' ? body.type : -1;
      const message = answer(ctx, record, type, body.data);
      record.originalMessageId = message?.id;
      acknowledgeInteraction(ctx, record, { type, data: isRecord(body.data) ? body.data : undefined });
      if (request.query.with_response !== 'true') return reply.code(204).send();
      return {
        interaction: {
          id: record.id,
          type: record.type,
          ...(message
            ? {
                response_message_id: message.id,
                response_message_loading: (message.flags & LOADING) !== 0,
                response_message_ephemeral: (message.flags & EPHEMERAL) !== 0,
              }
            : {}),
        },
        resource: { type, ...(message ? { message: messagePayload(ctx, message) } : {}) },
      };
    },
  );
}
