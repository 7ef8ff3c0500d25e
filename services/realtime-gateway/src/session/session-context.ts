import type { TokenVerifier } from '@guildwire/service-kit';
import type { GatewayLimits } from '../config.js';
import type { GuildFanout } from '../fanout/guild-fanout.js';
import type { UserConnections } from '../limits/user-connections.js';
import type { CatchUpContext } from '../replay/catch-up.js';
import type { Subscription } from './subscription.js';

/** What a session needs from its gateway. */
export interface SessionContext extends CatchUpContext {
  readonly limits: GatewayLimits;
  readonly verifyToken: TokenVerifier;
  readonly fanout: GuildFanout;
  readonly userConnections: UserConnections;
  /** While the history is refilled (start, new epoch): settles once it is complete; else undefined. */
  historyRefilled(): Promise<void> | undefined;
  /** The stream incarnation cursors must name now. */
  epoch(): string;
  /** Subscribed live at the head with `recovered: false` (fresh subscribe, unknown epoch…). */
  startLive(sub: Subscription): void;
  /** Ends a subscription on the server's initiative and tells the client why. */
  drop(sub: Subscription, reason: 'forbidden' | 'replay_failed'): void;
}
