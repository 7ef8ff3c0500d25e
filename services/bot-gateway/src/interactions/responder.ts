import {
  type API,
  type APIActionRowComponent,
  type APIComponentInMessageActionRow,
  type APIInteraction,
  type APIModalInteractionResponseCallbackData,
  MessageFlags,
} from '@discordjs/core';
import type { Logger } from 'pino';

/** A message the bot answers with (always ephemeral: only the presser sees it). */
export interface Answer {
  readonly content: string;
  /** Buttons under the answer (a giveaway's Leave button). */
  readonly components?: APIActionRowComponent<APIComponentInMessageActionRow>[];
}

/** Answers one interaction: at once, or deferred and edited when the work runs long. */
export interface Responder {
  /** Shows a modal (must be the first answer; it cannot follow a deferral). */
  modal(data: APIModalInteractionResponseCallbackData): Promise<void>;
  /** Answers now with an ephemeral message. */
  reply(answer: Answer): Promise<void>;
  /**
   * Runs `work` and answers with its result. When it has not finished after `deferAfterMs`, the
   * interaction is deferred (Discord's 3 s deadline is met) and the answer edited in later.
   */
  answer(work: () => Promise<Answer>, toAnswer: (err: unknown) => Answer | Promise<Answer>): Promise<void>;
  /** How it was answered so far: not yet, at once, or deferred then edited. */
  readonly how: 'unanswered' | 'replied' | 'deferred';
}

/** Options shared by every interaction's responder. */
export interface ResponderOptions {
  readonly api: API;
  readonly applicationId: string;
  readonly deferAfterMs: number;
  readonly logger: Logger;
}

const ephemeral = MessageFlags.Ephemeral;

/** A responder for one interaction. */
export function responderFor(interaction: APIInteraction, options: ResponderOptions): Responder {
  const { api, logger } = options;
  let how: Responder['how'] = 'unanswered';
  return {
    get how() {
      return how;
    },
    async modal(data) {
      await api.interactions.createModal(interaction.id, interaction.token, data);
      how = 'replied';
    },
    async reply(answer) {
      await api.interactions.reply(interaction.id, interaction.token, { ...answer, flags: ephemeral });
      how = 'replied';
    },
    async answer(work, toAnswer) {
      const settled = work().then(
        (answer) => answer,
        (err: unknown) => {
          logger.info({ err, interactionId: interaction.id }, 'interaction answered with an error');
          return toAnswer(err);
        },
      );
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<'late'>((resolve) => {
        timer = setTimeout(() => resolve('late'), options.deferAfterMs);
      });
      const first = await Promise.race([settled, late]);
      clearTimeout(timer);
      if (first !== 'late') {
        await api.interactions.reply(interaction.id, interaction.token, { ...first, flags: ephemeral });
        how = 'replied';
        return;
      }
      await api.interactions.defer(interaction.id, interaction.token, { flags: ephemeral });
      how = 'deferred';
      const answer = await settled;
      await api.interactions.editReply(options.applicationId, interaction.token, answer);
    },
  };
}
