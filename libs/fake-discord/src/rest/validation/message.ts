import { discordErrors } from '../../errors.js';
import type { MessagePatch } from '../../state/messages.js';
import { EPHEMERAL } from '../../state/messages.js';
import type { JsonObject } from '../../state/types.js';
import { checkComponents, IS_COMPONENTS_V2 } from './components.js';
import { checkEmbeds } from './embeds.js';
import { checkString, createFormErrors, isRecord, requireBody } from './form-errors.js';

/** Discord's limit on message content length. */
export const MAX_CONTENT_LENGTH = 2000;

/** SUPPRESS_EMBEDS, EPHEMERAL, SUPPRESS_NOTIFICATIONS and IS_COMPONENTS_V2: the flags a bot may set. */
const SETTABLE_FLAGS = (1 << 2) | EPHEMERAL | (1 << 12) | IS_COMPONENTS_V2;

/** A message body that passed validation. */
export interface MessageBody extends MessagePatch {
  nonce?: string | number;
  messageReference?: JsonObject;
}

/** How a message body is checked. */
export interface MessageRules {
  /** Edits may leave every field out; creates may not be empty. */
  partial: boolean;
  /** Only interaction responses and follow-ups may be ephemeral. */
  allowEphemeral: boolean;
}

/**
 * Validates a message create/edit body as Discord does: content ≤ 2000, embed limits,
 * component rules, known flags; an empty create is 50006 Cannot send an empty message.
 */
export function parseMessageBody(raw: unknown, rules: MessageRules): MessageBody {
  const body = requireBody(raw);
  const errors = createFormErrors();
  const result: MessageBody = {};
  let flags = 0;
  if (body.flags !== undefined && body.flags !== null) {
    const allowed = rules.allowEphemeral ? SETTABLE_FLAGS : SETTABLE_FLAGS & ~EPHEMERAL;
    if (typeof body.flags !== 'number' || (body.flags & ~allowed) !== 0) {
      errors.add(['flags'], 'MESSAGE_FLAGS_INVALID', 'Invalid message flags');
    } else flags = body.flags;
    result.flags = flags;
  }
  const content = checkString(errors, ['content'], body.content, { max: MAX_CONTENT_LENGTH });
  if (content !== undefined) result.content = content;
  if (body.embeds !== undefined && body.embeds !== null) result.embeds = checkEmbeds(errors, body.embeds);
  if (body.components !== undefined && body.components !== null) {
    result.components = checkComponents(errors, body.components, flags);
  }
  if (typeof body.nonce === 'string' || typeof body.nonce === 'number') result.nonce = body.nonce;
  if (isRecord(body.message_reference)) result.messageReference = body.message_reference;
  errors.throwIfAny();
  const empty = !result.content && !result.embeds?.length && !result.components?.length;
  const hasOther = Array.isArray(body.sticker_ids) || isRecord(body.poll) || Array.isArray(body.attachments);
  if (!rules.partial && empty && !hasOther) throw discordErrors.emptyMessage();
  return result;
}
