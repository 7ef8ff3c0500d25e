import { useQuery } from '@tanstack/react-query';
import { unwrap } from '../api/clients.js';
import type { DiscordChannel, DiscordRole } from '../api/types.js';
import { useApp } from '../app-context.js';
import { keys } from '../live/query-keys.js';

/** Which list of the guild a Discord id field picks from. */
export type PickerKind = 'channel' | 'category' | 'role';

const categoryType = 4;
const textTypes = new Set([0, 5, 15]); // text, announcement, forum
const voiceTypes = new Set([2, 13]);

/** The guild's channels as the bot sees them (cached until the page reloads). */
export function useChannels(guildId: string) {
  const { api } = useApp();
  return useQuery({
    queryKey: keys.channels(guildId),
    queryFn: async () =>
      unwrap(
        await api.discord.GET('/v1/guilds/{guildId}/discord/channels', { params: { path: { guildId } } }),
      ),
  });
}

/** The guild's roles as the bot sees them. */
export function useRoles(guildId: string) {
  const { api } = useApp();
  return useQuery({
    queryKey: keys.roles(guildId),
    queryFn: async () =>
      unwrap(await api.discord.GET('/v1/guilds/{guildId}/discord/roles', { params: { path: { guildId } } })),
  });
}

/** The choices of a picker: categories, voice or text channels, or roles (not @everyone or bots'). */
export function pickerOptions(
  kind: PickerKind,
  fieldName: string,
  channels: readonly DiscordChannel[] | undefined,
  roles: readonly DiscordRole[] | undefined,
  guildId: string,
): { id: string; label: string }[] {
  if (kind === 'role')
    return (roles ?? [])
      .filter((r) => r.id !== guildId && !r.managed)
      .sort((a, b) => b.position - a.position)
      .map((r) => ({ id: r.id, label: `@${r.name}` }));
  const wanted =
    kind === 'category'
      ? (c: DiscordChannel) => c.type === categoryType
      : /voice|lobby/i.test(fieldName)
        ? (c: DiscordChannel) => voiceTypes.has(c.type)
        : (c: DiscordChannel) => textTypes.has(c.type);
  return (channels ?? [])
    .filter(wanted)
    .sort((a, b) => a.position - b.position)
    .map((c) => ({ id: c.id, label: kind === 'category' ? c.name : `#${c.name}` }));
}

/** The picker a field of a settings schema needs, from its name; undefined for plain fields. */
export function pickerKindOf(fieldName: string): PickerKind | undefined {
  if (/categor/i.test(fieldName)) return 'category';
  if (/role/i.test(fieldName)) return 'role';
  if (/channel/i.test(fieldName)) return 'channel';
  return undefined;
}
