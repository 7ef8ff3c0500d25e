import { type Bus, requestCommand } from '@guildwire/bus';
import { discordCommands } from '@guildwire/contracts';
import type { FieldError } from '@guildwire/errors';
import type { ReferenceCheck, SettingsReference } from '../domain/references.js';

/** Discord's channel type of a category. */
const CATEGORY = 4;

/** Options of {@link discordReferences}. */
export interface DiscordReferencesOptions {
  /** How long the bot gateway may take to list a guild's roles or channels. */
  readonly timeoutMs: number;
  readonly logger: { warn(fields: object, message: string): void };
}

/**
 * Checks the ids of a settings document against the guild as the bot gateway sees it
 * (`cmd.discord.list_roles`, `cmd.discord.list_channels`): a role that does not exist, a channel that
 * does not exist or is a category, a category that is not one — each a field error at its path.
 *
 * When the bot gateway cannot tell (not running, too slow, or the bot is not in the guild), the
 * document is accepted on its format alone and a warning is logged: an admin is never locked out of
 * their settings by the bot being down, and the bot reports a missing channel when it uses one.
 */
export function discordReferences(bus: Bus, options: DiscordReferencesOptions): ReferenceCheck {
  return {
    async check(guildId, module, references) {
      if (references.length === 0) return [];
      const needRoles = references.some((r) => r.kind === 'role');
      const needChannels = references.some((r) => r.kind !== 'role');
      let roleIds: ReadonlySet<string> | undefined;
      let channelTypes: ReadonlyMap<string, number> | undefined;
      try {
        const [roles, channels] = await Promise.all([
          needRoles
            ? requestCommand(bus, discordCommands.listRoles, { guildId }, { timeoutMs: options.timeoutMs })
            : undefined,
          needChannels
            ? requestCommand(bus, discordCommands.listChannels, { guildId }, { timeoutMs: options.timeoutMs })
            : undefined,
        ]);
        roleIds = roles && new Set(roles.roles.map((r) => r.id));
        channelTypes = channels && new Map(channels.channels.map((c) => [c.id, c.type]));
      } catch (err) {
        options.logger.warn(
          { guildId, module, reason: err instanceof Error ? err.message : String(err) },
          'settings ids not checked against Discord: the bot gateway could not list the guild',
        );
        return [];
      }
      return references.flatMap((ref) => {
        const problem = problemOf(ref, roleIds, channelTypes);
        return problem ? [{ field: ref.path, message: problem } satisfies FieldError] : [];
      });
    },
  };
}

function problemOf(
  ref: SettingsReference,
  roleIds: ReadonlySet<string> | undefined,
  channelTypes: ReadonlyMap<string, number> | undefined,
): string | undefined {
  if (ref.kind === 'role')
    return roleIds?.has(ref.id) === false ? `no role ${ref.id} in this guild` : undefined;
  const type = channelTypes?.get(ref.id);
  if (channelTypes === undefined) return undefined;
  if (type === undefined) return `no ${ref.kind} ${ref.id} in this guild`;
  if (ref.kind === 'category' && type !== CATEGORY) return `${ref.id} is a channel, not a category`;
  if (ref.kind === 'channel' && type === CATEGORY) return `${ref.id} is a category, not a channel`;
  return undefined;
}
