/** A nested Invalid Form Body error tree, as Discord returns it under `errors`. */
export interface FormErrorTree {
  [key: string]: FormErrorTree | FormErrorEntry[];
}

/** One leaf error of an Invalid Form Body tree. */
export interface FormErrorEntry {
  code: string;
  message: string;
}

/** The JSON body of a Discord API error response. */
export interface DiscordErrorBody {
  code: number;
  message: string;
  errors?: FormErrorTree;
}

/** An error the fake answers with Discord's status, JSON error code and message. */
export class DiscordApiError extends Error {
  override readonly name = 'DiscordApiError';
  readonly status: number;
  readonly body: DiscordErrorBody;

  constructor(status: number, code: number, message: string, errors?: FormErrorTree) {
    super(`${status} ${code}: ${message}`);
    this.status = status;
    this.body = errors === undefined ? { code, message } : { code, message, errors };
  }
}

const make = (status: number, code: number, message: string) => () =>
  new DiscordApiError(status, code, message);

/**
 * Discord's JSON error codes used by the fake, named after the docs' table
 * ("Opcodes and Status Codes → JSON Error Codes").
 */
export const discordErrors = {
  unauthorized: make(401, 0, '401: Unauthorized'),
  notFound: make(404, 0, '404: Not Found'),
  methodNotAllowed: make(405, 0, '405: Method Not Allowed'),
  unknownApplication: make(404, 10002, 'Unknown Application'),
  unknownChannel: make(404, 10003, 'Unknown Channel'),
  unknownGuild: make(404, 10004, 'Unknown Guild'),
  unknownMember: make(404, 10007, 'Unknown Member'),
  unknownMessage: make(404, 10008, 'Unknown Message'),
  unknownOverwrite: make(404, 10009, 'Unknown Overwrite'),
  unknownRole: make(404, 10011, 'Unknown Role'),
  unknownUser: make(404, 10013, 'Unknown User'),
  unknownEmoji: make(400, 10014, 'Unknown Emoji'),
  unknownWebhook: make(404, 10015, 'Unknown Webhook'),
  unknownVoiceState: make(404, 10065, 'Unknown Voice State'),
  unknownInteraction: make(404, 10062, 'Unknown interaction'),
  unknownCommand: make(404, 10063, 'Unknown application command'),
  maxGuildChannels: make(400, 30013, 'Maximum number of guild channels reached (500)'),
  interactionAlreadyAcknowledged: make(400, 40060, 'Interaction has already been acknowledged.'),
  userNotConnected: make(400, 40032, 'Target user is not connected to voice.'),
  missingAccess: make(403, 50001, 'Missing Access'),
  cannotEditOthersMessage: make(403, 50005, 'Cannot edit a message authored by another user'),
  emptyMessage: make(400, 50006, 'Cannot send an empty message'),
  nonTextChannel: make(400, 50008, 'Cannot send messages in a non-text channel'),
  invalidChannelType: make(400, 50024, 'Cannot execute action on this channel type'),
  threadArchived: make(400, 50083, 'Thread is archived'),
  bulkDeleteTooOld: make(400, 50034, 'You can only bulk delete messages that are under 14 days old.'),
  invalidJson: make(400, 50109, 'The request body contains invalid JSON.'),
  invalidFormBody: (errors: FormErrorTree) => new DiscordApiError(400, 50035, 'Invalid Form Body', errors),
} as const;
