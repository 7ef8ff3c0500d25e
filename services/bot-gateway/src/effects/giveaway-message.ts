import type { APIActionRowComponent, APIComponentInMessageActionRow, APIEmbed } from '@discordjs/core';
import {
  type Giveaway,
  GiveawayStatus,
  type GiveawaysSettings,
  RequiredRolesMode,
} from '@guildwire/contracts';
import { customId } from '../interactions/custom-ids.js';
import { formatDuration } from '../interactions/durations.js';

/** Discord's limit of one message's content. */
export const messageLimit = 2000;

const unix = (ts: { seconds: bigint } | undefined) => (ts ? Number(ts.seconds) : undefined);
const relative = (ts: { seconds: bigint } | undefined) => {
  const s = unix(ts);
  return s === undefined ? 'soon' : `<t:${s}:R> (<t:${s}:f>)`;
};
const roles = (ids: readonly string[], join: string) => ids.map((id) => `<@&${id}>`).join(join);

/** The requirements and bonus entries of a giveaway, one line each (none: no lines). */
export function requirementLines(g: Giveaway): string[] {
  const r = g.requirements;
  const lines: string[] = [];
  if (r?.requiredRoleIds.length)
    lines.push(
      r.requiredRolesMode === RequiredRolesMode.ALL
        ? `Roles: ${roles(r.requiredRoleIds, ' and ')}`
        : `Role: ${roles(r.requiredRoleIds, ' or ')}`,
    );
  if (r?.excludedRoleIds.length) lines.push(`Not for: ${roles(r.excludedRoleIds, ', ')}`);
  if (r?.minAccountAgeMs) lines.push(`Account at least ${formatDuration(Number(r.minAccountAgeMs))} old`);
  if (r?.minMemberAgeMs) lines.push(`Member for at least ${formatDuration(Number(r.minMemberAgeMs))}`);
  for (const b of g.bonusEntries)
    lines.push(`<@&${b.roleId}>: +${b.entries} entr${b.entries === 1 ? 'y' : 'ies'}`);
  return lines;
}

/** Every winner of every round so far, in draw order. */
export const allWinners = (g: Giveaway) => g.rounds.flatMap((r) => r.userIds);

/** Mentions that fit in an embed field (1024), the rest counted. */
function winnersField(ids: readonly string[]): string {
  if (ids.length === 0) return 'Nobody: there were no valid entries.';
  let value = '';
  for (const [i, id] of ids.entries()) {
    const next = `${value}${i === 0 ? '' : ', '}<@${id}>`;
    if (next.length > 990) return `${value} … and ${ids.length - i} more (see the announcement)`;
    value = next;
  }
  return value;
}

function statusLine(g: Giveaway): string {
  switch (g.status) {
    case GiveawayStatus.SCHEDULED:
      return `Starts ${relative(g.startsAt)}, ends <t:${unix(g.endsAt)}:f>`;
    case GiveawayStatus.RUNNING:
      return `Ends ${relative(g.endsAt)}`;
    case GiveawayStatus.PAUSED:
      return 'Paused: entries are closed until it resumes';
    case GiveawayStatus.ENDED:
      return `Ended ${relative(g.endedAt ?? g.endsAt)}`;
    case GiveawayStatus.CANCELLED:
      return 'Cancelled: nobody wins';
    default:
      return '';
  }
}

/** The giveaway message's embed: prize, how it stands, host, winners, entrants, requirements. */
export function giveawayEmbed(g: Giveaway, settings: Pick<GiveawaysSettings, 'embedColor'>): APIEmbed {
  const over = g.status === GiveawayStatus.ENDED || g.status === GiveawayStatus.CANCELLED;
  const fields = [
    { name: 'Hosted by', value: `<@${g.hostId}>`, inline: true },
    { name: 'Winners', value: String(g.winnerCount), inline: true },
    { name: 'Entrants', value: String(g.entrantCount), inline: true },
  ];
  const requirements = requirementLines(g);
  if (requirements.length > 0)
    fields.push({ name: 'Requirements', value: requirements.join('\n').slice(0, 1024), inline: false });
  if (g.status === GiveawayStatus.ENDED)
    fields.push({ name: 'Won by', value: winnersField(allWinners(g)), inline: false });
  return {
    title: g.prize.slice(0, 256),
    description: [g.description.slice(0, 3000), statusLine(g)].filter(Boolean).join('\n\n'),
    color: over ? 0x99aab5 : settings.embedColor,
    fields,
    footer: { text: `Giveaway ${g.id}` },
  };
}

/** The Enter button: enabled while the giveaway runs, greyed out while scheduled or paused, gone after. */
export function giveawayButtons(
  g: Giveaway,
  settings: Pick<GiveawaysSettings, 'buttonLabel' | 'buttonEmoji'>,
): APIActionRowComponent<APIComponentInMessageActionRow>[] {
  if (g.status === GiveawayStatus.ENDED || g.status === GiveawayStatus.CANCELLED) return [];
  return [
    {
      type: 1,
      components: [
        {
          type: 2,
          style: 1,
          label: settings.buttonLabel.slice(0, 80),
          ...(settings.buttonEmoji ? { emoji: { name: settings.buttonEmoji } } : {}),
          custom_id: customId('giveaway-enter', g.id),
          disabled: g.status !== GiveawayStatus.RUNNING,
        },
      ],
    },
  ];
}

/**
 * Splits a header and user mentions into messages of at most `limit` characters (Discord's 2000):
 * the header opens the first, mentions are never cut, and each message mentions at most 100 users
 * (what `allowed_mentions.users` accepts).
 */
export function splitMentions(header: string, userIds: readonly string[], limit = messageLimit): string[] {
  const parts: string[] = [];
  let current = header.slice(0, limit);
  let inCurrent = 0;
  for (const id of userIds) {
    const mention = `<@${id}>`;
    const sep = current === '' ? '' : inCurrent === 0 ? '\n' : ' ';
    if (current.length + sep.length + mention.length > limit || inCurrent === 100) {
      parts.push(current);
      current = mention;
      inCurrent = 1;
      continue;
    }
    current += sep + mention;
    inCurrent++;
  }
  if (current !== '') parts.push(current);
  return parts;
}

/** The winners announcement of an end (round 1) or a reroll, split under Discord's limit. */
export function winnersAnnouncement(g: Giveaway, winnerIds: readonly string[], round: number): string[] {
  const prize = g.prize.slice(0, 256);
  if (winnerIds.length === 0)
    return [
      round > 1
        ? `The reroll of **${prize}** found nobody left to win.`
        : `The giveaway for **${prize}** has ended with no valid entries: nobody won.`,
    ];
  const plural = winnerIds.length === 1 ? 'winner' : `${winnerIds.length} winners`;
  const header =
    round > 1
      ? `🎉 Reroll of **${prize}**: the new ${plural === 'winner' ? 'winner is' : `${plural} are`}`
      : `🎉 Congratulations! The ${plural === 'winner' ? 'winner' : plural} of **${prize}**:`;
  return splitMentions(header, winnerIds);
}

/** Users mentioned in a message's content (`<@id>`), for its allowed_mentions. */
export const mentionedUsers = (content: string) => [...content.matchAll(/<@(\d{1,20})>/g)].map((m) => m[1]!);
