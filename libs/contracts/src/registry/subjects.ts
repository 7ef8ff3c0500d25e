import type { CommandDef } from './define-command.js';
import type { EventDef } from './define-event.js';
import { guildIdToken, isGuildId } from './subject-token.js';

/** The first token of every event subject. */
export const eventRoot = 'guild';

/** `guild.<guildId>.<domain>.<event>` for one event of one guild. */
export function eventSubject(def: EventDef, guildId: string): string {
  return `${eventRoot}.${guildIdToken(guildId)}.${def.domain}.${def.event}`;
}

/** Every event of one guild: `guild.<guildId>.>`. */
export function guildEventsFilter(guildId: string): string {
  return `${eventRoot}.${guildIdToken(guildId)}.>`;
}

/** One event type in every guild: `guild.*.<domain>.<event>` (e.g. every guild's config.updated). */
export function eventTypeFilter(def: EventDef): string {
  return `${eventRoot}.*.${def.domain}.${def.event}`;
}

/** Every event of every guild: `guild.>` (the GUILD_EVENTS stream's subject). */
export const allGuildEventsFilter = `${eventRoot}.>`;

/** `cmd.<service>.<verb>` for one command. */
export function commandSubject(def: CommandDef): string {
  return `cmd.${def.service}.${def.verb}`;
}

/** What an event subject says: the guild and the event type (`<domain>.<event>`). */
export interface ParsedEventSubject {
  readonly guildId: string;
  readonly type: string;
}

/** Parses `guild.<guildId>.<domain>.<event>`; undefined when the subject has another shape. */
export function parseEventSubject(subject: string): ParsedEventSubject | undefined {
  const parts = subject.split('.');
  if (parts.length !== 4 || parts[0] !== eventRoot) return undefined;
  const [, guildId, domain, event] = parts as [string, string, string, string];
  if (!isGuildId(guildId) || domain === '' || event === '') return undefined;
  return { guildId, type: `${domain}.${event}` };
}

/**
 * `capture.<partition>.<guildId>.message`: a captured Discord message of one guild (stream
 * DISCORD_CAPTURE), in one of the forwarder's partitions (the bot derives it from the channel, so a
 * channel's messages stay in one partition, in order).
 */
export function captureSubject(guildId: string, partition: number): string {
  if (!Number.isInteger(partition) || partition < 0) throw new Error(`bad capture partition ${partition}`);
  return `capture.${partition}.${guildIdToken(guildId)}.message`;
}

/** Every captured message of one partition, whatever the guild. */
export function capturePartitionFilter(partition: number): string {
  return `capture.${partition}.*.message`;
}

/** Every captured message of every guild. */
export const allCapturesFilter = 'capture.>';

/** The first token of presence subjects (core NATS between realtime gateways, never a stream). */
export const presenceRoot = 'presence';

/** `presence.<guildId>`: a realtime gateway's viewers of one guild (PresenceUpdate). */
export function presenceSubject(guildId: string): string {
  return `${presenceRoot}.${guildIdToken(guildId)}`;
}

/** `presence.sync`: a gateway that just started asks the others for their state (PresenceSync). */
export const presenceSyncSubject = `${presenceRoot}.sync`;

/** Every presence subject: each guild's updates and the sync requests. */
export const allPresenceFilter = `${presenceRoot}.*`;

/** The guild of a `presence.<guildId>` subject; undefined for any other subject (sync included). */
export function parsePresenceSubject(subject: string): string | undefined {
  const parts = subject.split('.');
  if (parts.length !== 2 || parts[0] !== presenceRoot || !isGuildId(parts[1]!)) return undefined;
  return parts[1];
}
