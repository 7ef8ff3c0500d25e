import type { FakeDiscordContext } from '../context.js';
import type { FakeDiscordEvent } from '../events.js';
import type { GatewayHub, SessionInfo } from '../gateway/hub.js';
import { createOAuthControl, type OAuthControl } from '../oauth/oauth-control.js';
import type { ForcedRateLimit, RateLimiter } from '../rest/rate-limit.js';
import type { ForcedServerError, ServerErrorInjector } from '../rest/server-errors.js';
import { type ChannelInput, createChannel } from '../state/channels.js';
import * as guilds from '../state/guilds.js';
import { requireChannel, requireGuild, THREAD_TYPES } from '../state/lookup.js';
import { channelMessages, createMessage } from '../state/messages.js';
import type { GuildRecord, RequestRecord } from '../state/store.js';
import { threadMemberIds } from '../state/threads.js';
import type {
  ApiChannel,
  ApiCommand,
  ApiMessage,
  ApiRole,
  ApiUser,
  InteractionRecord,
  JsonObject,
  MemberRecord,
  VoiceStateRecord,
} from '../state/types.js';
import { guildVoiceStates, voiceStateOf } from '../state/voice.js';
import { ControlUsageError, InteractionFailedError } from './errors.js';
import type { UserAttachment, UserEdit } from './message-actions.js';
import * as messageActions from './message-actions.js';
import * as actions from './user-actions.js';
import { joinVoice } from './voice-actions.js';
import { type Condition, type WaitForOptions, waitFor } from './wait-for.js';

/** A user posting a message in a channel. */
export interface UserMessage {
  channelId: string;
  userId: string;
  content: string;
  embeds?: JsonObject[];
  /** Files attached (metadata and CDN-like links; no bytes are stored). */
  attachments?: UserAttachment[];
}

/** Gateway faults and introspection for tests. */
export interface GatewayControl {
  sessions(): SessionInfo[];
  /** Cuts every gateway connection abruptly; clients resume and get what they missed. */
  dropConnections(): void;
  /** Sends op 7 RECONNECT to every connection. */
  requestReconnect(): void;
  /** Forgets every session: the next RESUME gets INVALID_SESSION and clients identify again. */
  invalidateSessions(): void;
  /**
   * Sends a text frame as is to every connected session (not numbered, not replayed): a client's
   * handling of undecodable or malformed gateway payloads. Returns how many sessions got it.
   */
  sendRaw(frame: string): number;
}

/** Drives the fake as Discord's users and staff would, and reads what the bot did. */
export interface FakeDiscordControl {
  readonly botUser: ApiUser;
  readonly applicationId: string;
  createUser(input: guilds.UserInput): ApiUser;
  createGuild(input: guilds.GuildInput): GuildRecord;
  createChannel(guildId: string, input: ChannelInput): ApiChannel;
  createRole(guildId: string, input: guilds.RoleInput): ApiRole;
  addMember(guildId: string, userId: string, input?: guilds.MemberInput): MemberRecord;
  updateMember(guildId: string, userId: string, input: guilds.MemberInput): MemberRecord;
  removeMember(guildId: string, userId: string): void;
  postMessage(message: UserMessage): ApiMessage;
  /** The user edits a message they wrote (MESSAGE_UPDATE, new edited_timestamp). */
  editMessage(edit: UserEdit): ApiMessage;
  /** A message is deleted by its author or a moderator (MESSAGE_DELETE). */
  deleteMessage(messageId: string): void;
  /** A moderator purges 2–100 messages of a channel (one MESSAGE_DELETE_BULK). */
  bulkDeleteMessages(channelId: string, messageIds: string[]): void;
  runSlashCommand(action: actions.SlashCommandAction): InteractionRecord;
  /** A user types in an autocomplete option; the bot's choices are the callback's `data.choices`. */
  autocomplete(action: actions.AutocompleteAction): InteractionRecord;
  pressButton(action: actions.ComponentAction): InteractionRecord;
  submitModal(action: actions.ModalAction): InteractionRecord;
  /**
   * A member joins a voice channel, moves, or (null) leaves voice; dispatches VOICE_STATE_UPDATE.
   * Throws ControlUsageError for a channel they cannot connect to (not voice, hidden, locked, full).
   */
  joinVoice(guildId: string, userId: string, channelId: string | null): VoiceStateRecord | undefined;
  /** A member's voice state; undefined when not connected. */
  voiceState(guildId: string, userId: string): VoiceStateRecord | undefined;
  /** The voice states of a guild's connected members. */
  voiceStates(guildId: string): VoiceStateRecord[];
  guild(id: string): GuildRecord | undefined;
  channel(id: string): ApiChannel | undefined;
  /** A guild's channels (not threads). */
  channels(guildId: string): ApiChannel[];
  /** The threads under a channel. */
  threads(parentId: string): ApiChannel[];
  /** The user ids in a thread (its members). */
  threadMembers(threadId: string): string[];
  /** The messages of a channel, oldest first. */
  messages(channelId: string): ApiMessage[];
  message(id: string): ApiMessage | undefined;
  interaction(id: string): InteractionRecord | undefined;
  /** Registered commands: global ones, or a guild's. */
  commands(guildId?: string): ApiCommand[];
  /** REST requests the bot made, oldest first. */
  requests(): RequestRecord[];
  /** Waits until `condition` returns a value; checked on every state change. */
  waitFor<T>(condition: Condition<T>, options?: WaitForOptions): Promise<T>;
  /** Waits for a message in a channel (the first, or the first matching `match`). */
  waitForMessage(
    channelId: string,
    match?: (message: ApiMessage) => boolean,
    options?: WaitForOptions,
  ): Promise<ApiMessage>;
  /** Waits for the bot to answer an interaction; rejects with InteractionFailedError past the deadline. */
  waitForInteractionResponse(id: string, options?: WaitForOptions): Promise<InteractionRecord>;
  /** Serves 429 to the next matching REST requests. */
  rateLimit(limit: ForcedRateLimit): void;
  /**
   * Calls `listener` synchronously with every state change (dispatches, interaction answers, REST
   * requests, sessions); returns the function that stops it. For measuring, e.g. when an answer came.
   */
  subscribe(listener: (event: FakeDiscordEvent) => void): () => void;
  /** Answers the next matching REST requests with a 5xx before they take effect. */
  serverError(error: ForcedServerError): void;
  readonly gateway: GatewayControl;
  /** OAuth2 (the dashboard's Discord login): credentials, auto-approval, counters. */
  readonly oauth: OAuthControl;
}

/** Creates the control API over a server's context, gateway and rate limiter. */
export function createControl(
  ctx: FakeDiscordContext,
  hub: GatewayHub,
  limiter: RateLimiter,
  serverErrors: ServerErrorInjector,
): FakeDiscordControl {
  const wait = <T>(condition: Condition<T>, options?: WaitForOptions) => waitFor(ctx.bus, condition, options);
  return {
    botUser: ctx.botUser,
    applicationId: ctx.applicationId,
    createUser: (input) => guilds.createUser(ctx, input),
    createGuild: (input) => guilds.createGuild(ctx, input),
    createChannel: (guildId, input) => createChannel(ctx, guildId, input),
    createRole: (guildId, input) => guilds.createRole(ctx, guildId, input),
    addMember: (guildId, userId, input) => guilds.addMember(ctx, guildId, userId, input),
    updateMember: (guildId, userId, input) => guilds.updateMember(ctx, guildId, userId, input),
    removeMember: (guildId, userId) => guilds.removeMember(ctx, guildId, userId),
    postMessage(message) {
      const channel = requireChannel(ctx.store, message.channelId);
      const author = ctx.store.users.get(message.userId);
      if (!author || !requireGuild(ctx.store, channel.guild_id).members.has(author.id)) {
        throw new ControlUsageError(`user ${message.userId} is not a member of the channel's guild`);
      }
      const created = createMessage(ctx, channel, {
        author,
        content: message.content,
        embeds: message.embeds ?? [],
        ...(message.attachments?.length
          ? { attachments: messageActions.attachmentObjects(ctx, channel.id, message.attachments) }
          : {}),
      });
      return created;
    },
    editMessage: (edit) => messageActions.editAsUser(ctx, edit),
    deleteMessage: (messageId) => messageActions.deleteAsUser(ctx, messageId),
    bulkDeleteMessages: (channelId, messageIds) =>
      messageActions.bulkDeleteAsUser(ctx, channelId, messageIds),
    runSlashCommand: (action) => actions.runSlashCommand(ctx, action),
    autocomplete: (action) => actions.autocomplete(ctx, action),
    pressButton: (action) => actions.useComponent(ctx, action),
    submitModal: (action) => actions.submitModal(ctx, action),
    joinVoice: (guildId, userId, channelId) => joinVoice(ctx, guildId, userId, channelId),
    voiceState: (guildId, userId) => voiceStateOf(ctx, guildId, userId),
    voiceStates: (guildId) => guildVoiceStates(ctx, guildId),
    guild: (id) => ctx.store.guilds.get(id),
    channel: (id) => ctx.store.channels.get(id),
    channels: (guildId) =>
      [...ctx.store.channels.values()].filter((c) => c.guild_id === guildId && !THREAD_TYPES.has(c.type)),
    threadMembers: (threadId) => threadMemberIds(ctx, threadId),
    threads: (parentId) =>
      [...ctx.store.channels.values()].filter((c) => c.parent_id === parentId && THREAD_TYPES.has(c.type)),
    messages: (channelId) => channelMessages(ctx, channelId),
    message: (id) => ctx.store.messages.get(id),
    interaction: (id) => ctx.store.interactions.get(id),
    commands: (guildId) => [
      ...(guildId
        ? (ctx.store.guildCommands.get(guildId)?.values() ?? [])
        : ctx.store.globalCommands.values()),
    ],
    requests: () => [...ctx.store.requests],
    waitFor: wait,
    waitForMessage: (channelId, match = () => true, options) =>
      wait(() => channelMessages(ctx, channelId).find(match), {
        description: `message in ${channelId}`,
        ...options,
      }),
    waitForInteractionResponse(id, options) {
      return wait(
        () => {
          const record = ctx.store.interactions.get(id);
          if (record?.status === 'expired') throw new InteractionFailedError(record);
          return record?.status === 'acknowledged' ? record : undefined;
        },
        { description: `response to interaction ${id}`, ...options },
      );
    },
    rateLimit: (limit) => limiter.failNext(limit),
    subscribe: (listener) => ctx.bus.subscribe(listener),
    serverError: (error) => serverErrors.failNext(error),
    gateway: {
      sessions: () => hub.sessions(),
      dropConnections: () => hub.dropConnections(),
      requestReconnect: () => hub.requestReconnect(),
      invalidateSessions: () => hub.invalidateSessions(),
      sendRaw: (frame) => hub.sendRaw(frame),
    },
    oauth: createOAuthControl(ctx),
  };
}
