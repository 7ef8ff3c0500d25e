import type { GuildRole } from '@guildwire/service-kit';
import type { Logger } from 'pino';
import type { DiscordGuildEntry } from '../discord/discord-api.js';
import type { GuildLookups } from './guild-lookups.js';
import { guildRoleOf, type MemberFacts } from './guild-role.js';

/** A guild the person may open on the dashboard, with their role. */
export interface GrantedGuild {
  readonly id: string;
  readonly name: string;
  readonly icon: string | null;
  readonly role: GuildRole;
}

/** The outcome of one grant computation: the token's `guilds` claim and the picker's list. */
export interface Grants {
  readonly roles: Readonly<Record<string, GuildRole>>;
  readonly guilds: GrantedGuild[];
}

// Guilds looked up at once: a person in 200 guilds costs 200 presence requests (mostly cached), and
// the bot gateway should not get them all in the same millisecond.
const lookupConcurrency = 16;

async function eachLimited<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/**
 * The roles of a person in the guilds of their (cached) Discord guild list where the bot is. Every
 * lookup failure is survivable: a guild whose presence cannot be checked keeps its previous grant,
 * one whose member lookup fails is decided from the list (see guildRoleOf).
 */
export async function grantRoles(
  userId: string,
  listed: readonly DiscordGuildEntry[],
  previous: Readonly<Record<string, string>>,
  lookups: GuildLookups,
  logger: Logger,
): Promise<Grants> {
  const granted: GrantedGuild[] = [];
  let failures = 0;
  await eachLimited(listed, lookupConcurrency, async (entry) => {
    const before = previous[entry.id] as GuildRole | undefined;
    let present: boolean;
    try {
      present = await lookups.botPresent(entry.id);
    } catch {
      failures += 1;
      if (before !== undefined) granted.push({ ...summary(entry), role: before });
      return;
    }
    if (!present) return;
    let member: MemberFacts | undefined;
    let staffRoleIds: ReadonlySet<string> = new Set();
    try {
      member = await lookups.member(entry.id, userId);
      // Admins need no role check.
      if (member.isMember && !member.owner && !member.guildAdmin)
        staffRoleIds = await lookups.staffRoleIds(entry.id);
    } catch {
      failures += 1;
      // Whichever lookup failed, the member facts alone cannot tell staff from member: decide as if
      // the bot had not answered (list for admin, else the previous grant).
      if (member?.isMember !== false) member = undefined;
    }
    const role = guildRoleOf({ listed: entry, member, staffRoleIds, previous: before });
    if (role !== undefined) granted.push({ ...summary(entry), role });
  });
  if (failures > 0)
    logger.warn({ userId, failures }, 'some guild lookups failed; previous grants kept for them');
  granted.sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  return { roles: Object.fromEntries(granted.map((g) => [g.id, g.role])), guilds: granted };
}

function summary(entry: DiscordGuildEntry) {
  return { id: entry.id, name: entry.name, icon: entry.icon };
}
