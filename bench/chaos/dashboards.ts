// Dashboards of the drill: realtime SDK clients (libs/realtime-client), as staff of a guild, spread
// over the realtime gateway replicas. Each records every event id it was handed and the state it
// would show: which tickets exist and are closed, which giveaways ended.
import {
  createRealtimeClient,
  type RealtimeClient,
  type RealtimeEvent,
  type WebSocketConstructor,
} from '@guildwire/realtime-client';
import WebSocket from 'ws';

/** One dashboard's record of what it saw. */
export interface DashboardView {
  readonly name: string;
  readonly guildId: string;
  readonly client: RealtimeClient;
  /** Event id → times delivered. */
  readonly seen: Map<string, number>;
  readonly tickets: Map<string, 'open' | 'closed'>;
  readonly endedGiveaways: Set<string>;
  /** Times the gateway said "reload over HTTP" because a gap could not be filled (recovered: false). */
  resyncs: number;
}

const idOf = (data: Record<string, unknown>, key: 'ticket' | 'giveaway'): string | undefined => {
  const nested = data[key] as { id?: string } | undefined;
  return nested?.id ?? (data[`${key}Id`] as string | undefined);
};

function apply(view: DashboardView, event: RealtimeEvent): void {
  const data = event.data as Record<string, unknown>;
  const eventId = (data.meta as { eventId?: string } | undefined)?.eventId ?? `seq-${event.seq}`;
  view.seen.set(eventId, (view.seen.get(eventId) ?? 0) + 1);
  const ticketId = idOf(data, 'ticket');
  if (event.type === 'ticket.opened' && ticketId) view.tickets.set(ticketId, 'open');
  if (event.type === 'ticket.closed' && ticketId) view.tickets.set(ticketId, 'closed');
  if (event.type === 'ticket.reopened' && ticketId) view.tickets.set(ticketId, 'open');
  const giveawayId = idOf(data, 'giveaway');
  if (event.type === 'giveaway.ended' && giveawayId) view.endedGiveaways.add(giveawayId);
}

/** `perGuild` dashboards per guild, round-robin over the gateways' URLs. */
export function openDashboards(
  gatewayUrls: readonly string[],
  guilds: ReadonlyArray<{ id: string; staffUserId: string }>,
  perGuild: number,
  token: (sub: string, guilds: Record<string, 'staff'>) => string,
): DashboardView[] {
  const views: DashboardView[] = [];
  for (const guild of guilds) {
    for (let i = 0; i < perGuild; i++) {
      const url = gatewayUrls[views.length % gatewayUrls.length]!;
      const client = createRealtimeClient({
        url: `${url.replace(/^http/, 'ws')}/v1/stream`,
        getToken: () => token(guild.staffUserId, { [guild.id]: 'staff' }),
        WebSocket: WebSocket as unknown as WebSocketConstructor,
      });
      const view: DashboardView = {
        name: `dash-${guild.id.slice(-4)}-${i}`,
        guildId: guild.id,
        client,
        seen: new Map(),
        tickets: new Map(),
        endedGiveaways: new Set(),
        resyncs: 0,
      };
      client.onEvent((event) => apply(view, event));
      // `subscribed` is the first subscription (nothing to resume); only a gap is a finding.
      client.onResync((info) => {
        if (info.reason === 'unrecovered') view.resyncs++;
      });
      client.subscribe(guild.id);
      views.push(view);
    }
  }
  return views;
}
