import type { EventDef, EventOf } from '@guildwire/contracts';
import { type Kysely, sql, type Transaction } from 'kysely';
import { encodeEvent } from '../publish.js';
import { lockClass } from './outbox-table.js';

/**
 * Writes an event into the outbox inside the caller's transaction.
 *
 * The transaction first takes a per-guild advisory lock held until commit: ids come from a sequence
 * at insert time, not at commit, so without it two writers of one guild could commit in the opposite
 * order of their ids and the relay would publish them out of commit order. Enqueue last in the
 * transaction so the lock is held only for the commit.
 */
export async function enqueueEvent<D extends EventDef>(
  trx: Transaction<any> | Kysely<any>,
  def: D,
  event: EventOf<D>,
): Promise<void> {
  const encoded = encodeEvent(def, event);
  // One round trip: the insert reads from the lock's CTE, so the lock is taken first.
  await sql`with guild_lock as (
      select pg_advisory_xact_lock(${lockClass.guildOrder}, hashtext(current_schema() || ':' || ${encoded.guildId}))
    )
    insert into outbox (event_id, guild_id, subject, payload)
    select ${encoded.eventId}, ${encoded.guildId}, ${encoded.subject}, ${encoded.payload} from guild_lock`.execute(
    trx,
  );
}
