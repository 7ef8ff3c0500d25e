import { createMessage, GiveawaySchema, GiveawayStatus, RequiredRolesMode } from '@guildwire/contracts';
import t from 'tap';
import {
  giveawayButtons,
  giveawayEmbed,
  mentionedUsers,
  splitMentions,
  winnersAnnouncement,
} from '../../src/effects/giveaway-message.js';

const ids = (n: number) => Array.from({ length: n }, (_, i) => String(1300000000000100000n + BigInt(i)));
const settings = { embedColor: 0x5865f2, buttonLabel: 'Enter', buttonEmoji: '🎉' };
const giveaway = (init: Record<string, unknown> = {}) =>
  createMessage(GiveawaySchema, {
    id: '0190c1d2-0000-7000-8000-00000000b001',
    guildId: '1300000000000000100',
    prize: 'Nitro',
    hostId: '1300000000000000101',
    winnerCount: 150,
    status: GiveawayStatus.ENDED,
    version: 3,
    ...init,
  });

t.test(
  'winners – 150 mentions split into messages each under 2000 characters, none lost or cut',
  async (t) => {
    const winners = ids(150);
    const parts = winnersAnnouncement(giveaway(), winners, 1);
    t.ok(parts.length > 1, `${parts.length} messages`);
    for (const part of parts) {
      t.ok(part.length <= 2000, `${part.length} characters`);
      t.ok(mentionedUsers(part).length <= 100, 'at most 100 users per allowed_mentions');
    }
    t.match(parts[0], /^🎉 Congratulations! The 150 winners of \*\*Nitro\*\*:\n<@/);
    t.same(parts.flatMap(mentionedUsers), winners, 'every winner once, in draw order');
  },
);

t.test('winners – a long prize and many winners; none; a reroll', async (t) => {
  const parts = splitMentions('x'.repeat(1990), ids(3));
  t.equal(parts[0], 'x'.repeat(1990), 'the header alone when no mention fits after it');
  t.same(parts.slice(1).flatMap(mentionedUsers), ids(3));
  t.same(winnersAnnouncement(giveaway(), [], 1), [
    'The giveaway for **Nitro** has ended with no valid entries: nobody won.',
  ]);
  t.match(
    winnersAnnouncement(giveaway(), ids(1), 2)[0],
    /^🎉 Reroll of \*\*Nitro\*\*: the new winner is\n<@/,
  );
});

t.test('message – embed and button follow the status', async (t) => {
  const running = giveaway({
    status: GiveawayStatus.RUNNING,
    entrantCount: 42,
    endsAt: { seconds: 1_800_000_000n, nanos: 0 },
    requirements: {
      requiredRoleIds: ['1300000000000000102'],
      requiredRolesMode: RequiredRolesMode.ANY,
      minAccountAgeMs: 7n * 86_400_000n,
    },
  });
  const embed = giveawayEmbed(running, settings);
  t.match(embed.description, 'Ends <t:1800000000:R>');
  t.match(embed.fields, [
    { name: 'Hosted by', value: '<@1300000000000000101>' },
    { name: 'Winners', value: '150' },
    { name: 'Entrants', value: '42' },
    { name: 'Requirements', value: 'Role: <@&1300000000000000102>\nAccount at least 7 days old' },
  ]);
  t.match(giveawayButtons(running, settings), [{ components: [{ disabled: false, emoji: { name: '🎉' } }] }]);
  t.match(giveawayButtons(giveaway({ status: GiveawayStatus.PAUSED }), settings), [
    { components: [{ disabled: true }] },
  ]);
  t.same(giveawayButtons(giveaway(), settings), [], 'no button once ended');
  const ended = giveawayEmbed(giveaway({ rounds: [{ round: 1, userIds: ids(150) }] }), settings);
  const won = ended.fields?.find((f) => f.name === 'Won by')?.value ?? '';
  t.ok(won.length <= 1024, 'the winners field fits an embed field');
  t.match(won, /and \d+ more \(see the announcement\)$/);
  t.match(giveawayEmbed(giveaway({ status: GiveawayStatus.CANCELLED }), settings).description, 'Cancelled');
});
