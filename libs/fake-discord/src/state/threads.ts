import type { FakeDiscordContext } from '../context.js';
import type { ApiChannel } from './types.js';

/** Fields of a thread (the names are Discord's). */
export interface ThreadInput {
  name: string;
  type: 10 | 11 | 12;
  ownerId: string;
  auto_archive_duration?: number;
  invitable?: boolean;
  rate_limit_per_user?: number;
  /** Threads started from a message take the message's id. */
  id?: string;
}

function threadMember(threadId: string, userId: string) {
  return { id: threadId, user_id: userId, join_timestamp: new Date().toISOString(), flags: 0 };
}

/** Creates a thread under `parent`, joins its owner, and dispatches THREAD_CREATE (newly_created). */
export function createThread(ctx: FakeDiscordContext, parent: ApiChannel, input: ThreadInput): ApiChannel {
  const now = new Date().toISOString();
  const thread: ApiChannel = {
    id: input.id ?? ctx.ids.next(),
    type: input.type,
    guild_id: parent.guild_id,
    name: input.name,
    position: 0,
    flags: 0,
    parent_id: parent.id,
    owner_id: input.ownerId,
    last_message_id: null,
    rate_limit_per_user: input.rate_limit_per_user ?? 0,
    message_count: 0,
    member_count: 1,
    total_message_sent: 0,
    thread_metadata: {
      archived: false,
      auto_archive_duration: input.auto_archive_duration ?? 4320,
      archive_timestamp: now,
      locked: false,
      create_timestamp: now,
      ...(input.type === 12 ? { invitable: input.invitable ?? true } : {}),
    },
  };
  ctx.store.channels.set(thread.id, thread);
  ctx.store.threadMembers.set(thread.id, new Set([input.ownerId]));
  const data = { ...thread, newly_created: true, member: threadMember(thread.id, input.ownerId) };
  ctx.bus.publish({ kind: 'dispatch', name: 'THREAD_CREATE', guildId: thread.guild_id, data });
  return thread;
}

/** The user ids in a thread. */
export function threadMemberIds(ctx: FakeDiscordContext, threadId: string): string[] {
  return [...(ctx.store.threadMembers.get(threadId) ?? [])];
}

/** Adds a user to a thread and dispatches THREAD_MEMBERS_UPDATE. */
export function addThreadMember(ctx: FakeDiscordContext, thread: ApiChannel, userId: string): void {
  const members = ctx.store.threadMembers.get(thread.id) ?? new Set<string>();
  if (members.has(userId)) return;
  members.add(userId);
  ctx.store.threadMembers.set(thread.id, members);
  thread.member_count = members.size;
  ctx.bus.publish({
    kind: 'dispatch',
    name: 'THREAD_MEMBERS_UPDATE',
    guildId: thread.guild_id,
    data: {
      id: thread.id,
      guild_id: thread.guild_id,
      member_count: members.size,
      added_members: [threadMember(thread.id, userId)],
    },
  });
}

/** Removes a user from a thread and dispatches THREAD_MEMBERS_UPDATE. */
export function removeThreadMember(ctx: FakeDiscordContext, thread: ApiChannel, userId: string): void {
  const members = ctx.store.threadMembers.get(thread.id);
  if (!members?.delete(userId)) return;
  thread.member_count = members.size;
  ctx.bus.publish({
    kind: 'dispatch',
    name: 'THREAD_MEMBERS_UPDATE',
    guildId: thread.guild_id,
    data: {
      id: thread.id,
      guild_id: thread.guild_id,
      member_count: members.size,
      removed_member_ids: [userId],
    },
  });
}
