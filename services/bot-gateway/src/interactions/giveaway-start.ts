import { RequiredRolesMode } from '@guildwire/contracts';
import type { SettingsClient } from '@guildwire/settings-client';
import { formatDuration, parseDuration } from './durations.js';
import { UserFacingError } from './error-answers.js';
import type { GiveawayStart } from './giveaway-calls.js';
import { giveawayFieldLimits } from './giveaway-slash-command.js';

/** The options of `/giveaway start` as Discord sent them. */
export interface StartOptions {
  readonly prize?: string | undefined;
  readonly duration?: string | undefined;
  readonly winners?: number | undefined;
  readonly channel?: string | undefined;
  readonly description?: string | undefined;
  readonly requiredRole?: string | undefined;
  readonly minAccountAge?: string | undefined;
  readonly minMemberAge?: string | undefined;
  readonly bonusRole?: string | undefined;
  readonly bonusEntries?: number | undefined;
  readonly startsIn?: string | undefined;
}

/** The giveaway service's longest giveaway (docs/giveaway.md): 90 days from start to end. */
const maxDurationMs = 90 * 86_400_000;
/** Shorter than this cannot be entered in practice (and ends before its message is up). */
const minDurationMs = 5000;

function duration(text: string | undefined, what: string, example: string): number | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const ms = parseDuration(text);
  if (ms === undefined)
    throw new UserFacingError(
      `"${text.trim()}" is not ${what}: write it like ${example} (w, d, h, m and s, e.g. 1h30m).`,
    );
  return ms;
}

/**
 * Turns `/giveaway start`'s options into a create request, or a sentence saying what is wrong:
 * the duration, the winner count against the guild's `maxWinners`, the text lengths.
 */
export async function giveawayStartOf(
  options: StartOptions,
  context: { guildId: string; channelId: string; now: number; settings: SettingsClient },
): Promise<GiveawayStart> {
  const prize = (options.prize ?? '').trim();
  if (prize === '') throw new UserFacingError('The prize cannot be empty.');
  if (prize.length > giveawayFieldLimits.prize)
    throw new UserFacingError(`The prize is too long (at most ${giveawayFieldLimits.prize} characters).`);
  const description = (options.description ?? '').trim();
  if (description.length > giveawayFieldLimits.description)
    throw new UserFacingError(
      `The description is too long (at most ${giveawayFieldLimits.description} characters).`,
    );
  const runsFor = duration(options.duration, 'a duration', '30m, 1h or 2d');
  if (runsFor === undefined) throw new UserFacingError('Say how long the giveaway runs, like 30m, 1h or 2d.');
  if (runsFor < minDurationMs) throw new UserFacingError('A giveaway runs at least 5 seconds.');
  if (runsFor > maxDurationMs)
    throw new UserFacingError(`A giveaway runs at most 90 days; ${formatDuration(runsFor)} is longer.`);
  const startsIn = duration(options.startsIn, 'a start delay', '10m or 1d');
  if (startsIn !== undefined && startsIn > maxDurationMs)
    throw new UserFacingError('A giveaway starts at most 90 days from now.');
  const { maxWinners } = (await context.settings.get(context.guildId, 'giveaways')).settings;
  const winnerCount = options.winners ?? 1;
  if (!Number.isInteger(winnerCount) || winnerCount < 1 || winnerCount > maxWinners)
    throw new UserFacingError(`A giveaway here has 1 to ${maxWinners} winners.`);
  const minAccountAgeMs = duration(options.minAccountAge, 'an account age', '7d or 12h');
  const minMemberAgeMs = duration(options.minMemberAge, 'a membership age', '1d or 2h');
  if (options.bonusEntries !== undefined && options.bonusRole === undefined)
    throw new UserFacingError('Bonus entries need a bonus role: name one with bonus_role.');
  const startsAtMs = startsIn ? context.now + startsIn : undefined;
  const requirementsGiven =
    options.requiredRole !== undefined || minAccountAgeMs !== undefined || minMemberAgeMs !== undefined;
  return {
    prize,
    description,
    channelId: options.channel ?? context.channelId,
    winnerCount,
    ...(startsAtMs === undefined ? {} : { startsAtMs }),
    endsAtMs: (startsAtMs ?? context.now) + runsFor,
    // Nothing given: the guild's default requirements apply (the service fills them in).
    ...(requirementsGiven
      ? {
          requirements: {
            requiredRoleIds: options.requiredRole ? [options.requiredRole] : [],
            requiredRolesMode: RequiredRolesMode.ANY,
            minAccountAgeMs: minAccountAgeMs ?? 0,
            minMemberAgeMs: minMemberAgeMs ?? 0,
          },
        }
      : {}),
    bonusEntries: options.bonusRole
      ? [{ roleId: options.bonusRole, entries: options.bonusEntries ?? 1 }]
      : [],
  };
}
