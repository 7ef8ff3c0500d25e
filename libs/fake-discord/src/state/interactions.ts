import { randomBytes } from 'node:crypto';
import type { FakeDiscordContext } from '../context.js';
import { requireChannel, requireGuild, requireMember } from './lookup.js';
import { memberPayload, messagePayload } from './payloads.js';
import { basePermissions } from './permissions.js';
import type { ApiMessage, InteractionCallback, InteractionRecord, JsonObject } from './types.js';

/** Interaction types: APPLICATION_COMMAND 2, MESSAGE_COMPONENT 3, APPLICATION_COMMAND_AUTOCOMPLETE 4, MODAL_SUBMIT 5. */
export const InteractionType = {
  ApplicationCommand: 2,
  MessageComponent: 3,
  ApplicationCommandAutocomplete: 4,
  ModalSubmit: 5,
} as const;

/** What a user does that creates an interaction. */
export interface OpenInteractionInput {
  type: number;
  guildId: string;
  channelId: string;
  userId: string;
  data: JsonObject;
  /** The message whose component was used (components, and modals opened from one). */
  message?: ApiMessage;
}

/**
 * Creates an interaction as Discord would for a user's action, dispatches INTERACTION_CREATE,
 * and expires it when the bot has not answered within the deadline (Discord's 3 seconds).
 */
export function openInteraction(ctx: FakeDiscordContext, input: OpenInteractionInput): InteractionRecord {
  const guild = requireGuild(ctx.store, input.guildId);
  const channel = requireChannel(ctx.store, input.channelId);
  const member = requireMember(guild, input.userId);
  const id = ctx.ids.next();
  const token = randomBytes(48).toString('base64url');
  const payload: JsonObject = {
    id,
    application_id: ctx.applicationId,
    type: input.type,
    data: input.data,
    guild_id: guild.id,
    guild: { id: guild.id, locale: 'en-US', features: [] },
    channel_id: channel.id,
    channel,
    member: { ...memberPayload(ctx, member), permissions: basePermissions(guild, input.userId).toString() },
    token,
    version: 1,
    app_permissions: basePermissions(guild, ctx.botUser.id).toString(),
    locale: 'en-US',
    guild_locale: 'en-US',
    entitlements: [],
    authorizing_integration_owners: { '0': guild.id },
    context: 0,
    attachment_size_limit: 10_485_760,
  };
  if (input.message) payload.message = messagePayload(ctx, input.message);
  const now = Date.now();
  const record: InteractionRecord = {
    id,
    token,
    type: input.type,
    guildId: guild.id,
    channelId: channel.id,
    userId: input.userId,
    createdAt: now,
    deadlineAt: now + ctx.options.interactionDeadlineMs,
    status: 'pending',
    callback: undefined,
    sourceMessageId: input.message?.id,
    originalMessageId: undefined,
    followupMessageIds: [],
    payload,
  };
  ctx.store.interactions.set(id, record);
  ctx.schedule(ctx.options.interactionDeadlineMs, () => expireIfPending(ctx, record));
  ctx.bus.publish({ kind: 'dispatch', name: 'INTERACTION_CREATE', guildId: guild.id, data: payload });
  return record;
}

/** Marks an unanswered interaction as failed ("This interaction failed" in the Discord client). */
export function expireIfPending(ctx: FakeDiscordContext, record: InteractionRecord): void {
  if (record.status !== 'pending') return;
  record.status = 'expired';
  ctx.bus.publish({ kind: 'interaction', interaction: record });
}

/** Records the bot's callback; the interaction counts as answered from now on. */
export function acknowledgeInteraction(
  ctx: FakeDiscordContext,
  record: InteractionRecord,
  callback: Omit<InteractionCallback, 'at'>,
): void {
  record.status = 'acknowledged';
  record.callback = { ...callback, at: Date.now() };
  ctx.bus.publish({ kind: 'interaction', interaction: record });
}

/** Publishes that an answered interaction changed (a follow-up or an edit of @original). */
export function touchInteraction(ctx: FakeDiscordContext, record: InteractionRecord): void {
  ctx.bus.publish({ kind: 'interaction', interaction: record });
}

/** The interaction whose webhook token is `token`, while the token is valid (15 minutes). */
export function interactionByToken(ctx: FakeDiscordContext, token: string): InteractionRecord | undefined {
  for (const record of ctx.store.interactions.values()) {
    if (record.token !== token) continue;
    return Date.now() - record.createdAt <= ctx.options.interactionTokenTtlMs ? record : undefined;
  }
  return undefined;
}
