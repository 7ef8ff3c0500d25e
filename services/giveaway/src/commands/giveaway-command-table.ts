import type { CommandBinding } from '@guildwire/bus';
import { giveawayCommands } from '@guildwire/contracts';
import type { Caller } from '../domain/giveaway.js';
import { limits } from '../domain/limits.js';
import type { GiveawaySettingsSource } from '../domain/settings.js';
import type { GiveawayUseCases } from '../use-cases/giveaway-use-cases.js';
import {
  bonusFromProto,
  checkBonus,
  checkRequirements,
  dateOf,
  requirementsFromProto,
} from '../wire/from-proto.js';
import { entryToProto, giveawayReplyToProto, giveawayToProto, statusFromProto } from '../wire/to-proto.js';
import { changeOptions } from './command-caller.js';
import { bindGiveawayCommands, type GiveawayCommandSpec, giveawayCommand } from './command-spec.js';

type Uses = Pick<GiveawayUseCases, 'giveaways' | 'entries' | 'queries'>;

/** A lifecycle action on one giveaway: pause, resume, end, cancel. */
function action(
  def: (typeof giveawayCommands)['pause'],
  run: (
    caller: Caller,
    id: string,
    options: ReturnType<typeof changeOptions>,
  ) => ReturnType<Uses['giveaways']['pause']>,
): GiveawayCommandSpec {
  return giveawayCommand({
    def,
    check: (c, r) =>
      c
        .uuid('giveaway_id', r.giveawayId, { required: true })
        .text('idempotency_key', r.idempotencyKey, limits.idempotencyKey),
    run: async (caller, r) => giveawayReplyToProto(await run(caller, r.giveawayId, changeOptions(r))),
  });
}

/** Every `cmd.giveaway.*` command for the bot: its checks (beyond guild and actor) and the use case it runs. */
export function giveawayCommandTable({ giveaways, entries, queries }: Uses): GiveawayCommandSpec[] {
  return [
    giveawayCommand({
      def: giveawayCommands.create,
      check: (c, r) => {
        c.text('prize', r.prize, limits.prize, { required: true })
          .text('description', r.description, limits.description)
          .snowflake('channel_id', r.channelId)
          .check('winner_count', r.winnerCount >= 1, 'must be at least 1')
          .check('ends_at', r.endsAt !== undefined, 'is required')
          .text('idempotency_key', r.idempotencyKey, limits.idempotencyKey);
        checkRequirements(c, 'requirements', r.requirements);
        checkBonus(c, 'bonus_entries', r.bonusEntries);
      },
      run: async (caller, r) => {
        const startsAt = dateOf(r.startsAt);
        const result = await giveaways.create(
          caller,
          {
            prize: r.prize,
            description: r.description,
            ...(r.channelId ? { channelId: r.channelId } : {}),
            winnerCount: r.winnerCount,
            ...(startsAt ? { startsAt } : {}),
            endsAt: dateOf(r.endsAt)!,
            ...(r.requirements ? { requirements: requirementsFromProto(r.requirements) } : {}),
            bonusEntries: bonusFromProto(r.bonusEntries),
            useBeacon: r.useBeacon,
          },
          changeOptions(r),
        );
        return giveawayReplyToProto(result);
      },
    }),
    giveawayCommand({
      def: giveawayCommands.edit,
      check: (c, r) => {
        c.uuid('giveaway_id', r.giveawayId, { required: true })
          .text('description', r.description, limits.description)
          .text('idempotency_key', r.idempotencyKey, limits.idempotencyKey);
        if (r.prize !== undefined) c.text('prize', r.prize, limits.prize, { required: true });
        if (r.winnerCount !== undefined) c.check('winner_count', r.winnerCount >= 1, 'must be at least 1');
        checkRequirements(c, 'requirements', r.requirements);
        if (r.setBonusEntries) checkBonus(c, 'bonus_entries', r.bonusEntries);
      },
      run: async (caller, r) => {
        const endsAt = dateOf(r.endsAt);
        const edit = {
          ...(r.prize !== undefined ? { prize: r.prize } : {}),
          ...(r.description !== undefined ? { description: r.description } : {}),
          ...(endsAt ? { endsAt } : {}),
          ...(r.winnerCount !== undefined ? { winnerCount: r.winnerCount } : {}),
          ...(r.requirements ? { requirements: requirementsFromProto(r.requirements) } : {}),
          ...(r.setBonusEntries ? { bonusEntries: bonusFromProto(r.bonusEntries) } : {}),
        };
        return giveawayReplyToProto(await giveaways.edit(caller, r.giveawayId, edit, changeOptions(r)));
      },
    }),
    action(giveawayCommands.pause, giveaways.pause),
    action(giveawayCommands.resume, giveaways.resume),
    action(giveawayCommands.end, giveaways.end),
    action(giveawayCommands.cancel, giveaways.cancel),
    giveawayCommand({
      def: giveawayCommands.reroll,
      check: (c, r) =>
        c
          .uuid('giveaway_id', r.giveawayId, { required: true })
          .check(
            'count',
            r.count >= 1 && r.count <= limits.rerollCount,
            `must be between 1 and ${limits.rerollCount}`,
          )
          .text('idempotency_key', r.idempotencyKey, limits.idempotencyKey),
      run: async (caller, r) =>
        giveawayReplyToProto(await giveaways.reroll(caller, r.giveawayId, r.count, changeOptions(r))),
    }),
    giveawayCommand({
      def: giveawayCommands.setMessage,
      check: (c, r) =>
        c
          .uuid('giveaway_id', r.giveawayId, { required: true })
          .snowflake('channel_id', r.channelId, { required: true })
          .snowflake('message_id', r.messageId, { required: true }),
      run: async (caller, r) =>
        giveawayReplyToProto(await giveaways.setMessage(caller, r.giveawayId, r.channelId, r.messageId)),
    }),
    giveawayCommand({
      def: giveawayCommands.enter,
      check: (c, r) => {
        c.uuid('giveaway_id', r.giveawayId, { required: true }).check(
          'member',
          r.member !== undefined,
          'is required',
        );
        for (const [i, id] of (r.member?.roleIds ?? []).entries())
          c.snowflake(`member/role_ids/${i}`, id, { required: true });
        c.check('member/role_ids', (r.member?.roleIds.length ?? 0) <= 250, 'must have at most 250 roles');
      },
      run: async (caller, r) => {
        const m = r.member!;
        const result = await entries.enter(caller, r.giveawayId, {
          roleIds: m.roleIds,
          joinedAt: dateOf(m.joinedAt) ?? null,
          accountCreatedAt: dateOf(m.accountCreatedAt) ?? null,
        });
        return {
          entry: result.entry ? entryToProto(result.entry) : undefined,
          alreadyEntered: result.alreadyEntered,
        };
      },
    }),
    giveawayCommand({
      def: giveawayCommands.leave,
      check: (c, r) => c.uuid('giveaway_id', r.giveawayId, { required: true }),
      run: async (caller, r) => {
        const result = await entries.leave(caller, r.giveawayId);
        return { entry: result.entry ? entryToProto(result.entry) : undefined, alreadyEntered: false };
      },
    }),
    giveawayCommand({
      def: giveawayCommands.get,
      check: (c, r) => c.uuid('giveaway_id', r.giveawayId, { required: true }),
      run: async (caller, r) => {
        const details = await queries.get(caller, r.giveawayId);
        return {
          giveaway: giveawayToProto(details.giveaway),
          ownEntry: details.ownEntry ? entryToProto(details.ownEntry) : undefined,
        };
      },
    }),
    giveawayCommand({
      def: giveawayCommands.list,
      check: (c, r) =>
        c
          .snowflake('channel_id', r.channelId)
          .snowflake('host_id', r.hostId)
          .check('limit', r.limit <= limits.pageSize, `must be at most ${limits.pageSize}`)
          .check(
            'status',
            r.status.every((s) => statusFromProto(s) !== undefined),
            'must name known statuses',
          )
          .text('cursor', r.cursor, 512),
      run: async (caller, r) => {
        const endsFrom = dateOf(r.endsFrom);
        const endsTo = dateOf(r.endsTo);
        const page = await queries.list(caller, {
          limit: r.limit || 25,
          status: r.status.map((s) => statusFromProto(s)!),
          ...(r.channelId ? { channelId: r.channelId } : {}),
          ...(r.hostId ? { hostId: r.hostId } : {}),
          ...(endsFrom ? { endsFrom } : {}),
          ...(endsTo ? { endsTo } : {}),
          ...(r.cursor ? { cursor: r.cursor } : {}),
        });
        return { items: page.items.map(giveawayToProto), nextCursor: page.nextCursor ?? '' };
      },
    }),
    giveawayCommand({
      def: giveawayCommands.entrants,
      check: (c, r) =>
        c
          .uuid('giveaway_id', r.giveawayId, { required: true })
          .check('limit', r.limit <= limits.pageSize, `must be at most ${limits.pageSize}`)
          .snowflake('cursor', r.cursor),
      run: async (caller, r) => {
        const page = await queries.entrants(caller, r.giveawayId, r.limit || 50, r.cursor || undefined);
        return { items: page.items.map(entryToProto), nextCursor: page.nextCursor ?? '' };
      },
    }),
    giveawayCommand({
      def: giveawayCommands.stats,
      run: async (caller) => {
        const s = await queries.stats(caller);
        return { ...s, entries: BigInt(s.entries), winners: BigInt(s.winners) };
      },
    }),
  ];
}

/** The command table bound to the bus: what the command server serves. */
export function giveawayCommandBindings(uses: Uses, settings: GiveawaySettingsSource): CommandBinding[] {
  return bindGiveawayCommands(giveawayCommandTable(uses), settings);
}
