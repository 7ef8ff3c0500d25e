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
