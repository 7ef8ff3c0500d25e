import type { GuildRole } from '@guildwire/contracts';
import { errorCodes, type UnviewFrame, type ViewFrame } from '@guildwire/realtime-client/protocol';
import type { Outbound } from '../core/outbound.js';
import { errorFrame } from '../core/server-frames.js';
import type { PresenceHub } from '../presence/presence-hub.js';
import type { View } from '../presence/view.js';

/** The presence topics one connection views (docs/realtime-protocol.md, Presence). */
export interface SessionViews {
  /** `view`: checked against the token's guilds and the per-connection bound. */
  view(frame: ViewFrame, userId: string, role: GuildRole | undefined): void;
  unview(frame: UnviewFrame): void;
  /** A refreshed token: views of a guild no longer granted end (with an error), roles follow. */
  rolesChanged(guilds: Readonly<Record<string, GuildRole>>): void;
  /** The connection closed: every view ends. */
  endAll(): void;
}

/** Creates the (empty) views of one connection. */
export function createSessionViews(
  presence: PresenceHub,
  outbound: Outbound,
  maxViews: number,
): SessionViews {
  const views = new Map<string, View>();
  const keyOf = (guildId: string, topic: string) => `${guildId} ${topic}`;
  const refuse = (code: string, message: string, guildId: string, topic: string): void => {
    outbound.send(errorFrame(code, message, guildId, topic));
  };
  return {
    view({ guildId, topic }, userId, role) {
      if (role === undefined) {
        refuse(errorCodes.forbidden, `the token grants no role in guild ${guildId}`, guildId, topic);
        return;
      }
      const key = keyOf(guildId, topic);
      const existing = views.get(key);
      if (existing !== undefined) {
        presence.answer(existing);
        return;
      }
      if (views.size >= maxViews) {
        refuse(errorCodes.tooManyViews, `at most ${maxViews} views per connection`, guildId, topic);
        return;
      }
      const view: View = { guildId, topic, userId, role, since: Date.now(), outbound, lastFrame: undefined };
      views.set(key, view);
      presence.add(view);
    },
    unview({ guildId, topic }) {
      const key = keyOf(guildId, topic);
      const view = views.get(key);
      if (view === undefined) {
        refuse(errorCodes.notViewing, `not viewing ${topic} of guild ${guildId}`, guildId, topic);
        return;
      }
      views.delete(key);
      presence.remove(view);
    },
    rolesChanged(guilds) {
      for (const [key, view] of views) {
        const role = guilds[view.guildId];
        if (role === undefined) {
          views.delete(key);
          presence.remove(view);
          refuse(
            errorCodes.forbidden,
            `the token no longer grants guild ${view.guildId}: view ended`,
            view.guildId,
            view.topic,
          );
        } else if (role !== view.role) {
          view.role = role;
          presence.roleChanged(view);
        }
      }
    },
    endAll() {
      for (const view of views.values()) presence.remove(view);
      views.clear();
    },
  };
}
