import type {
  APIChatInputApplicationCommandInteraction,
  APIMessageComponentInteraction,
} from '@discordjs/core';
import { ApplicationCommandOptionType } from '@discordjs/core';
import { type Giveaway, GiveawayStatus } from '@guildwire/contracts';
import type { SettingsClient } from '@guildwire/settings-client';
import type { GiveawayPlaces } from '../state/giveaway-places.js';
import { type CustomId, customId } from './custom-ids.js';
import { UserFacingError } from './error-answers.js';
import type { GiveawayCalls, GiveawayLifecycleAction } from './giveaway-calls.js';
import { giveawayErrorAnswer } from './giveaway-error-answers.js';
import { giveawayStartOf } from './giveaway-start.js';
import type { Answer } from './responder.js';
import type { InteractionCall } from './ticket-calls.js';
import type { GuildInteraction } from './ticket-interactions.js';

/** What the giveaway handlers use. */
export interface GiveawayInteractionDeps {
  readonly giveawayCalls: GiveawayCalls;
  readonly giveaways: GiveawayPlaces;
  readonly settings: SettingsClient;
}

const discordEpochMs = 1_420_070_400_000n;

/** When a Discord account was created: the timestamp in its user id (a snowflake). */
export function accountCreatedAtMs(userId: string): number {
  return Number((BigInt(userId) >> 22n) + discordEpochMs);
}

const callOf = (ix: GuildInteraction): InteractionCall => ({
  guildId: ix.guildId,
  actor: ix.actor,
  interactionId: ix.id,
});

const at = (ts: { seconds: bigint } | undefined, style: 'R' | 'f' = 'R') =>
  ts ? `<t:${ts.seconds}:${style}>` : 'soon';

const leaveButton = (giveawayId: string): NonNullable<Answer['components']> => [
  {
    type: 1,
    components: [{ type: 2, style: 4, label: 'Leave', custom_id: customId('giveaway-leave', giveawayId) }],
  },
];

/** Enter on the giveaway message, Leave on the "already entered" answer. */
export async function onGiveawayButton(
  ix: GuildInteraction,
  raw: APIMessageComponentInteraction,
  id: CustomId,
  deps: GiveawayInteractionDeps,
): Promise<void> {
  // A refused entry is explained with the giveaway's requirements, read only then.
  const explain = async (err: unknown) =>
    giveawayErrorAnswer(
      err,
      (await deps.giveaways.read(id.id).catch(() => undefined))?.place.giveaway.requirements,
    );
  switch (id.action) {
    case 'giveaway-enter': {
      const joinedAt = raw.member?.joined_at ? Date.parse(raw.member.joined_at) : Number.NaN;
      return ix.respond.answer(async () => {
        const { entry, alreadyEntered } = await deps.giveawayCalls.enter(callOf(ix), id.id, {
          roleIds: ix.actor.roleIds,
          ...(Number.isNaN(joinedAt) ? {} : { joinedAtMs: joinedAt }),
          accountCreatedAtMs: accountCreatedAtMs(ix.actor.userId),
        });
        if (alreadyEntered)
          return {
            content: 'You have already entered this giveaway. Changed your mind?',
            components: leaveButton(id.id),
          };
        const weight = entry?.weight ?? 1;
        return {
          content:
            weight > 1
              ? `You entered the giveaway with ${weight} entries (your roles give bonus entries). Good luck!`
              : 'You entered the giveaway. Good luck!',
        };
      }, explain);
    }
    case 'giveaway-leave':
      return ix.respond.answer(async () => {
        const { entry } = await deps.giveawayCalls.leave(callOf(ix), id.id);
        return {
          content: entry ? 'You left the giveaway.' : 'You are not entered in this giveaway.',
        };
      }, explain);
    default:
      return ix.respond.reply({ content: 'This button is no longer in use.' });
  }
}

type Options = NonNullable<APIChatInputApplicationCommandInteraction['data']['options']>;

function option<T extends ApplicationCommandOptionType>(options: Options | undefined, name: string, type: T) {
  const found = options?.find((o) => o.name === name);
  return found?.type === type ? (found as Extract<Options[number], { type: T }>) : undefined;
}
const text = (o: Options | undefined, name: string) =>
  option(o, name, ApplicationCommandOptionType.String)?.value;
const integer = (o: Options | undefined, name: string) =>
  option(o, name, ApplicationCommandOptionType.Integer)?.value;
const idOf = (o: Options | undefined, name: string, type: ApplicationCommandOptionType) =>
  (o?.find((x) => x.name === name && x.type === type) as { value?: string } | undefined)?.value;

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const messageLink = /^https:\/\/(?:\w+\.)?discord(?:app)?\.com\/channels\/\d+\/\d+\/(\d{1,20})$/;

/** Which statuses each management subcommand can act on: what "the one in this channel" means. */
const actsOn: Record<string, GiveawayStatus[]> = {
  end: [GiveawayStatus.RUNNING, GiveawayStatus.PAUSED],
  pause: [GiveawayStatus.RUNNING],
  resume: [GiveawayStatus.PAUSED],
  cancel: [GiveawayStatus.SCHEDULED, GiveawayStatus.RUNNING, GiveawayStatus.PAUSED],
  reroll: [GiveawayStatus.ENDED],
};

/**
 * The giveaway a management subcommand names: an id, a message link or a message id of a giveaway
 * message; none → the one in this channel it can act on (the newest, for a reroll).
 */
async function whichGiveaway(
  ix: GuildInteraction,
  deps: GiveawayInteractionDeps,
  verb: string,
  named: string | undefined,
): Promise<string> {
  const given = named?.trim() ?? '';
  if (uuid.test(given)) return given.toLowerCase();
  if (given !== '') {
    const messageId = given.match(messageLink)?.[1] ?? (/^\d{1,20}$/.test(given) ? given : undefined);
    const found = messageId ? await deps.giveaways.giveawayOfMessage(messageId) : undefined;
    if (!found)
      throw new UserFacingError(
        `"${given.slice(0, 100)}" names no giveaway: use its id from /giveaway list, or its message's link.`,
      );
    return found;
  }
  const candidates = await deps.giveawayCalls.list(callOf(ix), {
    status: actsOn[verb] ?? [],
    channelId: ix.channelId,
    limit: 2,
  });
  const [first, second] = candidates;
  if (!first)
    throw new UserFacingError(
      `There is no giveaway in this channel to ${verb}: name one with the giveaway option (see /giveaway list).`,
    );
  if (second && verb !== 'reroll')
    throw new UserFacingError(
      `Several giveaways in this channel could be meant: name one with the giveaway option (see /giveaway list).`,
    );
  return first.id;
}

const where = (g: Giveaway) => (g.channelId ? ` in <#${g.channelId}>` : '');

/** One line of `/giveaway list`. */
function listLine(g: Giveaway): string {
  const when =
    g.status === GiveawayStatus.SCHEDULED
      ? `starts ${at(g.startsAt)}`
      : g.status === GiveawayStatus.PAUSED
        ? 'paused'
        : `ends ${at(g.endsAt)}`;
  return `• **${g.prize.slice(0, 80)}**${where(g)}: ${when}, ${g.winnerCount} winner${g.winnerCount === 1 ? '' : 's'}, ${g.entrantCount} entrant${g.entrantCount === 1 ? '' : 's'} — \`${g.id}\``;
}

async function listGiveaways(ix: GuildInteraction, deps: GiveawayInteractionDeps): Promise<Answer> {
  const items = await deps.giveawayCalls.list(callOf(ix), {
    status: [GiveawayStatus.RUNNING, GiveawayStatus.PAUSED, GiveawayStatus.SCHEDULED],
    limit: 25,
  });
  if (items.length === 0) return { content: 'No giveaway is running or scheduled in this server.' };
  const lines: string[] = [];
  let length = 0;
  for (const [i, g] of items.entries()) {
    const line = listLine(g);
    // Discord's 2000 characters: say how many were left out rather than cut a line.
    if (length + line.length + 40 > 2000) {
      lines.push(`…and ${items.length - i} more.`);
      break;
    }
    lines.push(line);
    length += line.length + 1;
  }
  return { content: lines.join('\n') };
}

const lifecycle: Record<string, GiveawayLifecycleAction> = {
  end: 'end',
  pause: 'pause',
  resume: 'resume',
  cancel: 'cancel',
};

async function manageGiveaway(
  ix: GuildInteraction,
  deps: GiveawayInteractionDeps,
  verb: string,
  options: Options | undefined,
): Promise<Answer> {
  const giveawayId = await whichGiveaway(ix, deps, verb, text(options, 'giveaway'));
  if (verb === 'reroll') {
    const count = integer(options, 'winners') ?? 1;
    const { giveaway, winnerIds } = await deps.giveawayCalls.reroll(callOf(ix), giveawayId, count);
    return {
      content: `Rerolled **${giveaway.prize}**: ${winnerIds.length} new winner${winnerIds.length === 1 ? '' : 's'}, announced${where(giveaway)}.`,
    };
  }
  const action = lifecycle[verb];
  if (!action) throw new UserFacingError(`/giveaway ${verb} is not available.`);
  const g = await deps.giveawayCalls.act(callOf(ix), action, giveawayId);
  switch (action) {
    case 'end':
      return { content: `The giveaway for **${g.prize}** has ended: its winners are announced${where(g)}.` };
    case 'pause':
      return { content: `The giveaway for **${g.prize}** is paused: no entries until it is resumed.` };
    case 'resume':
      return { content: `The giveaway for **${g.prize}** is running again; it now ends ${at(g.endsAt)}.` };
    case 'cancel':
      return { content: `The giveaway for **${g.prize}** is cancelled: nobody wins.` };
  }
}

/** `/giveaway start|end|reroll|pause|resume|cancel|list`; the giveaway service decides who may. */
export async function onGiveawayCommand(
  ix: GuildInteraction,
  raw: APIChatInputApplicationCommandInteraction,
  deps: GiveawayInteractionDeps,
): Promise<void> {
  const sub = raw.data.options?.[0];
  if (sub?.type !== ApplicationCommandOptionType.Subcommand)
    return ix.respond.reply({ content: 'Use /giveaway start, end, reroll, pause, resume, cancel or list.' });
  const options = sub.options;
  if (sub.name === 'list') return ix.respond.answer(() => listGiveaways(ix, deps), giveawayErrorAnswer);
  if (sub.name !== 'start')
    return ix.respond.answer(() => manageGiveaway(ix, deps, sub.name, options), giveawayErrorAnswer);
  return ix.respond.answer(async () => {
    const input = await giveawayStartOf(
      {
        prize: text(options, 'prize'),
        duration: text(options, 'duration'),
        winners: integer(options, 'winners'),
        channel: idOf(options, 'channel', ApplicationCommandOptionType.Channel),
        description: text(options, 'description'),
        requiredRole: idOf(options, 'required_role', ApplicationCommandOptionType.Role),
        minAccountAge: text(options, 'min_account_age'),
        minMemberAge: text(options, 'min_member_age'),
        bonusRole: idOf(options, 'bonus_role', ApplicationCommandOptionType.Role),
        bonusEntries: integer(options, 'bonus_entries'),
        startsIn: text(options, 'starts_in'),
      },
      { guildId: ix.guildId, channelId: ix.channelId, now: Date.now(), settings: deps.settings },
    );
    const g = await deps.giveawayCalls.start(callOf(ix), input);
    return {
      content:
        g.status === GiveawayStatus.SCHEDULED
          ? `The giveaway for **${g.prize}** is scheduled${where(g)}: it starts ${at(g.startsAt)} and ends ${at(g.endsAt, 'f')}.`
          : `The giveaway for **${g.prize}** is on${where(g)}: it ends ${at(g.endsAt)}.`,
    };
  }, giveawayErrorAnswer);
}
