import {
  type APIInteraction,
  ApplicationCommandType,
  GatewayDispatchEvents,
  InteractionType,
} from '@discordjs/core';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Logger } from 'pino';
import { Counter } from 'prom-client';
import { onVoiceButton, onVoiceModal, type VoicePanelDeps } from '../voice/voice-interactions.js';
import { parseVoiceCustomId } from '../voice/voice-panel.js';
import { actorOf } from './actor.js';
import { parseCustomId } from './custom-ids.js';
import {
  type GiveawayInteractionDeps,
  onGiveawayButton,
  onGiveawayCommand,
} from './giveaway-interactions.js';
import { type Responder, responderFor } from './responder.js';
import { registerSlashCommands } from './slash-commands.js';
import { answerTagAutocomplete, onTagCommand } from './tag-interactions.js';
import { answerTicketAutocomplete } from './ticket-autocomplete.js';
import {
  type GuildInteraction,
  onTicketButton,
  onTicketCommand,
  onTicketModal,
  type TicketInteractionDeps,
} from './ticket-interactions.js';

/** Options of the interaction router. */
export interface InteractionRouterOptions
  extends TicketInteractionDeps,
    GiveawayInteractionDeps,
    VoicePanelDeps {
  readonly deferAfterMs: number;
  readonly registerCommands: boolean;
}

async function route(
  ix: GuildInteraction,
  raw: APIInteraction,
  deps: TicketInteractionDeps & GiveawayInteractionDeps & VoicePanelDeps,
): Promise<void> {
  switch (raw.type) {
    case InteractionType.ApplicationCommand:
      if (raw.data.type === ApplicationCommandType.ChatInput && raw.data.name === 'ticket')
        return onTicketCommand(ix, raw as Parameters<typeof onTicketCommand>[1], deps);
      if (raw.data.type === ApplicationCommandType.ChatInput && raw.data.name === 'tag')
        return onTagCommand(ix, raw as Parameters<typeof onTagCommand>[1], deps);
      if (raw.data.type === ApplicationCommandType.ChatInput && raw.data.name === 'giveaway')
        return onGiveawayCommand(ix, raw as Parameters<typeof onGiveawayCommand>[1], deps);
      return ix.respond.reply({ content: 'This command is no longer in use.' });
    case InteractionType.MessageComponent: {
      const voice = parseVoiceCustomId(raw.data.custom_id);
      if (voice) return onVoiceButton(ix, raw, voice, deps);
      const id = parseCustomId(raw.data.custom_id);
      if (!id) return ix.respond.reply({ content: 'This button is no longer in use.' });
      if (id.action.startsWith('giveaway-')) return onGiveawayButton(ix, raw, id, deps);
      return onTicketButton(ix, raw, id, deps);
    }
    case InteractionType.ModalSubmit: {
      const voice = parseVoiceCustomId(raw.data.custom_id);
      if (voice) return onVoiceModal(ix, raw, voice, deps);
      const id = parseCustomId(raw.data.custom_id);
      if (!id) return ix.respond.reply({ content: 'This form is no longer in use.' });
      return onTicketModal(ix, raw, id, deps);
    }
    default:
      return;
  }
}

async function interactionRouterPlugin(app: FastifyInstance, options: InteractionRouterOptions) {
  const { discord } = app;
  const logger = (app.log as Logger).child({ component: 'interactions' });
  const responderOptions = {
    api: discord.api,
    applicationId: discord.applicationId,
    deferAfterMs: options.deferAfterMs,
    logger,
  };
  const inFlight = new Set<Promise<void>>();
  const answered = new Counter({
    name: 'discord_interactions_total',
    help: 'Interactions by type and how they were answered (replied, deferred, failed: no answer reached Discord)',
    labelNames: ['type', 'outcome'] as const,
    registers: [app.metrics.registry],
  });

  async function handle(raw: APIInteraction): Promise<void> {
    const log = logger.child({ interactionId: raw.id, guildId: raw.guild_id });
    const respond: Responder = responderFor(raw, { ...responderOptions, logger: log });
    const actor = actorOf(raw);
    try {
      if (raw.type === InteractionType.Ping) return;
      if (raw.type === InteractionType.ApplicationCommandAutocomplete) {
        if (raw.data.name === 'ticket') await answerTicketAutocomplete(discord.api, options.settings, raw);
        if (raw.data.name === 'tag') await answerTagAutocomplete(discord.api, options.calls, raw);
        return;
      }
      if (!actor || !raw.guild_id || !raw.channel?.id) {
        await respond.reply({ content: 'Guildwire works inside a server.' });
        return;
      }
      const ix = { id: raw.id, guildId: raw.guild_id, channelId: raw.channel.id, actor, respond };
      await route(ix, raw, options);
      answered.inc({ type: String(raw.type), outcome: respond.how });
    } catch (err) {
      // The answer itself failed (Discord down, the interaction expired): nothing more can be sent.
      answered.inc({ type: String(raw.type), outcome: 'failed' });
      log.error({ err }, 'could not answer an interaction');
    }
  }

  discord.client.on(GatewayDispatchEvents.InteractionCreate, ({ data }) => {
    // A payload not of Discord's shape (no id, a member without a user…) throws before handle's own
    // catch; dropped here, it cannot become a rejection that stops the service.
    const work = handle(data)
      .catch((err: unknown) => {
        answered.inc({ type: String((data as { type?: unknown } | null)?.type), outcome: 'failed' });
        logger.warn({ err }, 'dropped a malformed interaction');
      })
      .finally(() => inFlight.delete(work));
    inFlight.add(work);
  });
  if (options.registerCommands) {
    app.addHook('onReady', async () => {
      await registerSlashCommands(discord.api, discord.applicationId);
    });
  }
  // Interactions in hand are answered before the bus and the gateway close.
  app.addHook('onClose', async () => {
    await Promise.allSettled([...inFlight]);
  });
}

/** Turns Discord interactions (tickets, giveaways, the voice panel) into cmd.* requests and answers each within Discord's 3 s. */
export const interactionRouter = fp(interactionRouterPlugin, {
  name: 'guildwire-interactions',
  fastify: '5.x',
  dependencies: [
    'guildwire-discord',
    'guildwire-nats',
    'guildwire-settings-client',
    'guildwire-metrics',
    'guildwire-voice-rooms',
  ],
});
