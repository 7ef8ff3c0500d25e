import { decodeMessage, encodeMessage, type Giveaway, GiveawaySchema } from '@guildwire/contracts';
import { JetStreamApiCodes, JetStreamApiError } from '@nats-io/jetstream';
import type { KV } from '@nats-io/kv';
import { type BotBuckets, getJson, putJson } from './buckets.js';

/** Where a giveaway's message lives and what it shows, as the bot posted and last edited it. */
export interface GiveawayPlace {
  readonly guildId: string;
  readonly channelId: string;
  /** Unset when the channel could not be posted in (deleted, hidden): nothing to edit. */
  readonly messageId?: string;
  /** The giveaway the message shows (its version and entrant count decide what is newer). */
  readonly giveaway: Giveaway;
  /** `counted_at` of the entrant count the place holds (0: none yet; counts older are skipped). */
  readonly countedAtMs: number;
  /** When the message was last edited for a count: counts are edited in at most every so often. */
  readonly countEditedAtMs: number;
  /** The place holds a count the message does not show yet (a throttled count). */
  readonly countPending: boolean;
}

/** A place and the KV revision it was read at (a write made from it fails if another came first). */
export interface PlaceAt {
  readonly place: GiveawayPlace;
  readonly revision: number;
}

/** The bot's memory of giveaway messages, shared by replicas (NATS KV, compare-and-set writes). */
export interface GiveawayPlaces {
  read(giveawayId: string): Promise<PlaceAt | undefined>;
  /** Records a new place; false when one is already there (another attempt recorded it). */
  create(giveawayId: string, place: GiveawayPlace): Promise<boolean>;
  /** Writes `place` if the stored one is still at `revision`; false when another write came first. */
  replace(giveawayId: string, place: GiveawayPlace, revision: number): Promise<boolean>;
  /** The giveaway whose message is `messageId` (`/giveaway end` given a message link). */
  giveawayOfMessage(messageId: string): Promise<string | undefined>;
}

interface StoredPlace extends Omit<GiveawayPlace, 'giveaway'> {
  /** The giveaway proto, binary in base64: one encoding for every field the message shows. */
  readonly giveaway: string;
}

const encode = (place: GiveawayPlace): string =>
  JSON.stringify({
    ...place,
    giveaway: Buffer.from(encodeMessage(GiveawaySchema, place.giveaway)).toString('base64'),
  } satisfies StoredPlace);

function decode(json: StoredPlace): GiveawayPlace {
  return { ...json, giveaway: decodeMessage(GiveawaySchema, Buffer.from(json.giveaway, 'base64')) };
}

const isRaceLost = (err: unknown) =>
  err instanceof JetStreamApiError && err.code === JetStreamApiCodes.StreamWrongLastSequence;

/** Giveaway places over the bot's `giveaways` bucket. */
export function createGiveawayPlaces(buckets: Pick<BotBuckets, 'giveaways'>): GiveawayPlaces {
  const kv: KV = buckets.giveaways;
  const indexMessage = async (place: GiveawayPlace, giveawayId: string) => {
    if (place.messageId) await putJson(kv, `message.${place.messageId}`, giveawayId);
  };
  return {
    async read(giveawayId) {
      const entry = await kv.get(`giveaway.${giveawayId}`);
      if (entry?.operation !== 'PUT' || entry.length === 0) return undefined;
      return { place: decode(entry.json<StoredPlace>()), revision: entry.revision };
    },
    async create(giveawayId, place) {
      try {
        await kv.create(`giveaway.${giveawayId}`, encode(place));
      } catch (err) {
        if (isRaceLost(err)) return false;
        throw err;
      }
      await indexMessage(place, giveawayId);
      return true;
    },
    async replace(giveawayId, place, revision) {
      try {
        await kv.update(`giveaway.${giveawayId}`, encode(place), revision);
        return true;
      } catch (err) {
        if (isRaceLost(err)) return false;
        throw err;
      }
    },
    giveawayOfMessage: (messageId) => getJson<string>(kv, `message.${messageId}`),
  };
}
