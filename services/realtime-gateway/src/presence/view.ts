import type { GuildRole } from '@guildwire/contracts';
import type { Outbound } from '../core/outbound.js';

/** One connection viewing one presence topic of a guild. */
export interface View {
  readonly guildId: string;
  readonly topic: string;
  readonly userId: string;
  /** The connection's role in the guild; refreshed tokens update it. */
  role: GuildRole;
  /** When the view began, Unix ms. */
  readonly since: number;
  readonly outbound: Outbound;
  /** The last `presence` frame sent to this view, so an unchanged list is not sent twice. */
  lastFrame: string | undefined;
}

/** Staff and admins receive viewer lists; members are counted but receive none. */
export function receivesViewers(view: View): boolean {
  return view.role === 'staff' || view.role === 'admin';
}
