import { create, type MessageInitShape } from '@bufbuild/protobuf';
import { timestampFromMs } from '@bufbuild/protobuf/wkt';
import {
  type EventDef,
  type EventJsonOf,
  type TicketJson,
  TicketJson as TicketJsonSchema,
  type TicketPanelJson as TicketPanel,
  TicketPanelJson,
  type TicketSchema,
  TicketStatus,
  toDashboardJson,
} from '@guildwire/contracts';

/** A ticket in the dashboard dialect, as HTTP returns it and events carry it. */
export function ticket(
  id: string,
  version: number,
  init: MessageInitShape<typeof TicketSchema> = {},
): TicketJson {
  return toDashboardJson(
    TicketJsonSchema,
    create(TicketJsonSchema['~message'], {
      id,
      guildId: '42',
      version,
      status: TicketStatus.OPEN,
      openerId: '7',
      createdAt: timestampFromMs(1_700_000_000_000),
      ...init,
    }),
  );
}

/** A panel in the dashboard dialect. */
export function panel(id: string, version: number, title = `panel ${id}`): TicketPanel {
  return toDashboardJson(
    TicketPanelJson,
    create(TicketPanelJson['~message'], { id, guildId: '42', version, title }),
  );
}

/** An event frame's type and payload for `def`, as the gateway sends it. */
export function frame<D extends EventDef>(def: D, data: Partial<EventJsonOf<D>>) {
  return { type: def.type, data: { meta: null, ...data } };
}
