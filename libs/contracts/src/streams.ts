import { allGuildEventsFilter } from './registry/subjects.js';

/** Declaration of a JetStream stream: its name and the subjects it captures. */
export interface StreamDecl {
  readonly name: string;
  readonly subjects: readonly string[];
}

/** The one stream of guild events (docs/design.md). */
export const guildEventsStream: StreamDecl = Object.freeze({
  name: 'GUILD_EVENTS',
  subjects: Object.freeze([allGuildEventsFilter]),
});

/**
 * Discord messages the bot captured in ticket threads and channels, on their way to the ticket
 * service (`capture.<partition>.<guildId>.message`, payload a cmd.ticket.record_message request). The bot
 * publishes on receipt and forwards from a durable consumer, so a ticket service that is down
 * for a while loses nothing: the queue holds the messages, in order, until it answers.
 */
export const discordCaptureStream: StreamDecl = Object.freeze({
  name: 'DISCORD_CAPTURE',
  subjects: Object.freeze(['capture.>']),
});
