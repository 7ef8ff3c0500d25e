import { create } from '@bufbuild/protobuf';
import { timestampNow } from '@bufbuild/protobuf/wkt';
import { uuidv7 } from 'uuidv7';
import {
  type Actor,
  ActorKind,
  ActorSchema,
  type EventMeta,
  EventMetaSchema,
} from './gen/guildwire/common/v1/meta_pb.js';

/** What a change knows about itself when it builds its event. */
export interface EventMetaInit {
  readonly guildId: string;
  readonly actor: Actor;
  readonly aggregateVersion: number;
  readonly correlationId?: string;
}

/** A fresh meta: UUIDv7 event id, now as occurred-at; the correlation id defaults to the event id. */
export function createEventMeta(init: EventMetaInit): EventMeta {
  const eventId = uuidv7();
  return create(EventMetaSchema, {
    eventId,
    guildId: init.guildId,
    occurredAt: timestampNow(),
    actor: init.actor,
    correlationId: init.correlationId ?? eventId,
    aggregateVersion: init.aggregateVersion,
  });
}

/** The system as actor (timers, relays), named by component. */
export function systemActor(component: string): Actor {
  return create(ActorSchema, { kind: ActorKind.SYSTEM, id: component });
}

/** A Discord user acting through the bot. */
export function discordActor(userId: string): Actor {
  return create(ActorSchema, { kind: ActorKind.DISCORD_USER, id: userId });
}

/** A user acting through the dashboard. */
export function dashboardActor(userId: string): Actor {
  return create(ActorSchema, { kind: ActorKind.DASHBOARD_USER, id: userId });
}
