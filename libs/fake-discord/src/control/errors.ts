import type { InteractionRecord } from '../state/types.js';

/** A control API call that cannot happen on Discord (unknown command, missing button…). */
export class ControlUsageError extends Error {
  override readonly name = 'ControlUsageError';
}

/** The bot did not answer an interaction before the deadline ("This interaction failed"). */
export class InteractionFailedError extends Error {
  override readonly name = 'InteractionFailedError';
  readonly interaction: InteractionRecord;

  constructor(interaction: InteractionRecord) {
    super(`interaction ${interaction.id} was not answered within the deadline`);
    this.interaction = interaction;
  }
}

/** A waitFor condition did not become true in time. */
export class WaitForTimeoutError extends Error {
  override readonly name = 'WaitForTimeoutError';
}
