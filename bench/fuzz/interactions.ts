// Interactions: INTERACTION_CREATE dispatches with malformed or mutated payloads, sent through the
// fake Discord's gateway to the bot-gateway. Every batch ends with a real slash command the bot must
// answer within the bound (else a hang): the bot still works after what it was sent.
import type { FakeDiscordControl } from '@guildwire/fake-discord';
import fc from 'fast-check';
import { anyJson, oddString } from './json-arbitraries.js';
import { clip, count, type FuzzFinding, type SurfaceRun, type SurfaceSettings } from './types.js';

/** The guild, channel and member the interactions come from (seeded in the fake Discord). */
export interface InteractionStage {
  readonly guildId: string;
  readonly channelId: string;
  readonly userId: string;
  readonly applicationId: string;
}

/** Seeds a guild with a member and a channel for the run. */
export function seedInteractionStage(control: FakeDiscordControl): InteractionStage {
  const owner = control.createUser({ username: 'fuzz-owner' });
  const guild = control.createGuild({ name: 'fuzz guild', ownerId: owner.id });
  const user = control.createUser({ username: 'fuzz-member' });
  control.addMember(guild.id, user.id);
  const channel = control.createChannel(guild.id, { name: 'fuzz' });
  return { guildId: guild.id, channelId: channel.id, userId: user.id, applicationId: control.applicationId };
}

const snowflake = fc.bigInt({ min: 10n ** 17n, max: 10n ** 18n }).map(String);
const actions = [
  'ticket-panel',
  'ticket-open',
  'ticket-claim',
  'ticket-close',
  'ticket-close-reason',
  'ticket-close-modal',
  'ticket-close-accept',
  'ticket-close-deny',
  'ticket-category',
  'ticket-pick',
  'ticket-form',
  'giveaway-enter',
  'giveaway-leave',
];
const odd = <T>(good: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 4, arbitrary: good as fc.Arbitrary<unknown> }, oddString, anyJson);

const customIdArb = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .tuple(
        fc.constantFrom(...actions),
        fc.array(fc.oneof(fc.uuid(), snowflake, oddString), { minLength: 1, maxLength: 4 }),
      )
      .map(([a, ids]) => ['gw', a, ...ids].join(':')),
  },
  { weight: 1, arbitrary: oddString },
);

const optionArb = fc.record({
  name: odd(
    fc.constantFrom(
      'subject',
      'description',
      'reason',
      'level',
      'prize',
      'duration',
      'winners',
      'user',
      'category',
    ),
  ),
  type: odd(fc.constantFrom(3, 4, 5, 6, 8, 10)),
  value: odd(fc.oneof(fc.string({ maxLength: 50 }), fc.integer(), snowflake)),
  focused: fc.option(fc.boolean(), { freq: 2 }),
});

const commandData = fc.record({
  id: snowflake,
  name: odd(fc.constantFrom('ticket', 'giveaway', 'tickets')),
  type: odd(fc.constant(1)),
  options: odd(
    fc.array(
      fc.record({
        type: odd(fc.constantFrom(1, 2)),
        name: odd(
          fc.constantFrom(
            'open',
            'close',
            'claim',
            'unclaim',
            'priority',
            'start',
            'end',
            'reroll',
            'add',
            'remove',
            'move',
          ),
        ),
        options: odd(fc.array(optionArb, { maxLength: 3 })),
      }),
      { maxLength: 2 },
    ),
  ),
});

const componentData = fc.record({
  custom_id: customIdArb,
  component_type: odd(fc.constantFrom(2, 3, 5, 6, 8)),
  values: fc.option(odd(fc.array(fc.oneof(fc.uuid(), oddString), { maxLength: 3 })), { freq: 2 }),
});

const textInput = fc.record({
  type: odd(fc.constant(4)),
  custom_id: odd(fc.constantFrom('subject', 'description', 'reason', 'q0', 'q1', 'category')),
  value: odd(fc.string({ maxLength: 100 })),
});
const modalData = fc.record({
  custom_id: customIdArb,
  components: odd(
    fc.array(
      fc.oneof(
        fc.record({ type: odd(fc.constant(1)), components: odd(fc.array(textInput, { maxLength: 3 })) }),
        fc.record({ type: odd(fc.constant(18)), component: odd(textInput) }),
      ),
      { maxLength: 4 },
    ),
  ),
});

function payloadArbitrary(stage: InteractionStage): fc.Arbitrary<Record<string, unknown>> {
  const typed = fc.oneof(
    commandData.map((data) => ({ type: 2, data })),
    commandData.map((data) => ({ type: 4, data })),
    componentData.map((data) => ({ type: 3, data })),
    modalData.map((data) => ({ type: 5, data })),
    fc.record({ type: fc.oneof(fc.constantFrom(1, 0, 6, 99), oddString, anyJson), data: anyJson }),
  );
  const base = fc
    .tuple(typed, snowflake, fc.string({ minLength: 10, maxLength: 60 }))
    .map(([t, id, token]) => ({
      id,
      application_id: stage.applicationId,
      type: t.type as unknown,
      data: t.data as unknown,
      guild_id: stage.guildId,
      channel_id: stage.channelId,
      channel: { id: stage.channelId, type: 0, guild_id: stage.guildId, name: 'fuzz' },
      member: {
        user: {
          id: stage.userId,
          username: 'fuzz-member',
          discriminator: '0',
          global_name: null,
          avatar: null,
        },
        roles: [],
        permissions: '1024',
        joined_at: new Date(0).toISOString(),
        deaf: false,
        mute: false,
        flags: 0,
      } as unknown,
      token,
      version: 1,
      app_permissions: '8',
      locale: 'en-US',
      guild_locale: 'en-US',
      entitlements: [],
      context: 0,
    }));
  const keys = [
    'id',
    'type',
    'data',
    'guild_id',
    'channel_id',
    'channel',
    'member',
    'token',
    'application_id',
    'message',
  ];
  return fc.oneof(
    { weight: 4, arbitrary: base },
    // One top-level field missing or replaced by something odd.
    {
      weight: 3,
      arbitrary: fc
        .tuple(base, fc.constantFrom(...keys), fc.option(anyJson, { freq: 3 }))
        .map(([p, key, value]) => {
          const copy: Record<string, unknown> = { ...p };
          if (value === null) delete copy[key];
          else copy[key] = value;
          return copy;
        }),
    },
    // The member without a user, or with odd ids and roles.
    {
      weight: 1,
      arbitrary: fc
        .tuple(
          base,
          fc.oneof(fc.constant({}), fc.record({ user: anyJson, roles: anyJson, permissions: anyJson })),
        )
        .map(([p, member]) => ({ ...p, member })),
    },
    // A DM: no guild or member, a user instead.
    {
      weight: 1,
      arbitrary: base.map(({ guild_id: _g, member: _m, ...p }) => ({
        ...p,
        user: { id: stage.userId, username: 'x' },
      })),
    },
  );
}

/** The inputs of a run. */
export function interactionInputs(
  stage: InteractionStage,
  settings: SurfaceSettings,
): Record<string, unknown>[] {
  return fc.sample(payloadArbitrary(stage), { numRuns: settings.inputs, seed: settings.seed });
}

/** Whether the bot still answers a real slash command within the bound. */
async function botAnswers(
  control: FakeDiscordControl,
  stage: InteractionStage,
  hangMs: number,
): Promise<boolean> {
  const record = control.runSlashCommand({
    channelId: stage.channelId,
    userId: stage.userId,
    name: 'ticket',
    subcommand: 'claim',
  });
  try {
    await control.waitForInteractionResponse(record.id, { timeoutMs: hangMs });
    return true;
  } catch {
    return false;
  }
}

/** Sends the payloads in batches of 50, each batch followed by the bot's liveness check. */
export async function fuzzInteractions(
  control: FakeDiscordControl,
  settings: SurfaceSettings,
): Promise<SurfaceRun> {
  const stage = seedInteractionStage(control);
  // The bot registers its commands at start; wait until it has seen the new guild.
  const ready = await control
    .waitFor(() => (control.commands().some((c) => c.name === 'ticket') ? true : undefined), {
      timeoutMs: 30_000,
    })
    .catch(() => false);
  const inputs = interactionInputs(stage, settings);
  const answers: Record<string, number> = {};
  const findings: FuzzFinding[] = [];
  let hangs = 0;
  if (!ready) answers['bot has no /ticket command'] = 1;
  const batch = 50;
  for (let start = 0; start < inputs.length; start += batch) {
    const slice = inputs.slice(start, start + batch);
    for (const payload of slice) {
      const sent = control.gateway.sendRaw(
        JSON.stringify({ op: 0, t: 'INTERACTION_CREATE', s: null, d: payload }),
      );
      count(
        answers,
        sent === 0
          ? 'no bot session'
          : [2, 3, 4, 5].includes(payload.type as number)
            ? `sent type ${payload.type}`
            : 'sent odd type',
      );
    }
    if (!(await botAnswers(control, stage, settings.hangMs))) {
      hangs++;
      findings.push({
        surface: 'interactions',
        kind: 'hang',
        target: 'bot-gateway /ticket claim after malformed interactions',
        input: clip(slice.map((p) => JSON.stringify(p)).join('\n'), 2000),
        answer: `the bot did not answer a valid slash command within ${settings.hangMs} ms`,
      });
    }
  }
  return { report: { surface: 'interactions', inputs: inputs.length, fivexx: 0, hangs, answers }, findings };
}
