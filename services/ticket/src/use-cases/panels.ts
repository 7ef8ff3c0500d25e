import { resolveTicketCategory } from '@guildwire/contracts';
import { validationError } from '@guildwire/errors';
import { assertVersion } from '@guildwire/service-kit';
import { uuidv7 } from 'uuidv7';
import { changedPanelFields, defaultPanelColour, type Panel, type PanelFields } from '../domain/panel.js';
import { requireAdmin, requireStaff } from '../domain/permissions.js';
import type { Caller } from '../domain/ticket.js';
import { ticketErrors } from '../errors.js';
import { panelStore } from '../store/panel-store.js';
import { emitPanelEvent } from '../wire/panel-events.js';
import type { TicketDeps } from './deps.js';

/** Panels CRUD (admins write, staff read), sending through the bot, and the bot's sent report. */
export function createPanels(deps: Pick<TicketDeps, 'db' | 'outbox' | 'clock' | 'settings'>) {
  const { outbox, clock } = deps;

  /** 400 naming each offered category the guild's settings do not have (or that is listed twice). */
  async function checkOfferedCategories(caller: Caller, ids: readonly string[] | undefined) {
    if (ids === undefined) return;
    const settings = await deps.settings.forGuild(caller.guildId);
    const errors = ids.flatMap((id, i) =>
      ids.indexOf(id) !== i
        ? [{ field: `/categoryIds/${i}`, message: `lists "${id}" twice` }]
        : resolveTicketCategory(settings, id)
          ? []
          : [{ field: `/categoryIds/${i}`, message: `no ticket category "${id}" in this guild's settings` }],
    );
    if (errors.length > 0) throw validationError(errors);
  }

  async function lockPanel(
    trx: Parameters<typeof panelStore>[0],
    caller: Caller,
    id: string,
    expectedVersion?: number,
  ) {
    const panel = await panelStore(trx).find(caller.guildId, id, { forUpdate: true });
    if (!panel) throw new ticketErrors.TICKET_ERR_PANEL_NOT_FOUND(id);
    assertVersion(expectedVersion, panel.version);
    return panel;
  }

  return {
    async list(caller: Caller): Promise<Panel[]> {
      requireStaff(caller, 'see panels');
      return panelStore(deps.db).list(caller.guildId);
    },

    async get(caller: Caller, id: string): Promise<Panel> {
      requireStaff(caller, 'see panels');
      const panel = await panelStore(deps.db).find(caller.guildId, id);
      if (!panel) throw new ticketErrors.TICKET_ERR_PANEL_NOT_FOUND(id);
      return panel;
    },

    async create(caller: Caller, fields: Partial<PanelFields> & Pick<PanelFields, 'title'>): Promise<Panel> {
      requireAdmin(caller, 'create panels');
      await checkOfferedCategories(caller, fields.categoryIds);
      const now = clock();
      const panel: Panel = {
        id: uuidv7(),
        guildId: caller.guildId,
        title: fields.title,
        description: fields.description ?? '',
        buttonLabel: fields.buttonLabel ?? 'Open a ticket',
        colour: fields.colour ?? defaultPanelColour,
        category: fields.category ?? '',
        categoryIds: [...(fields.categoryIds ?? [])],
        channelId: fields.channelId ?? null,
        messageId: null,
        version: 1,
        createdAt: now,
        updatedAt: now,
      };
      // Nothing to read first: the row and its event go out as one statement, in one round trip.
      await outbox.commit(panelStore(deps.db).insertQuery(panel).returning('id'), (emit) =>
        emitPanelEvent(emit, caller, panel, { type: 'created' }),
      );
      return panel;
    },

    async update(
      caller: Caller,
      id: string,
      edit: Partial<PanelFields>,
      expectedVersion?: number,
    ): Promise<Panel> {
      requireAdmin(caller, 'edit panels');
      await checkOfferedCategories(caller, edit.categoryIds);
      return outbox.transaction(async (trx, emit) => {
        const panel = await lockPanel(trx, caller, id, expectedVersion);
        const changed = changedPanelFields(panel, edit);
        if (changed.length === 0) return panel;
        const defined = Object.fromEntries(Object.entries(edit).filter(([, v]) => v !== undefined));
        const next: Panel = { ...panel, ...defined, version: panel.version + 1, updatedAt: clock() };
        await panelStore(trx).update(next);
        emitPanelEvent(emit, caller, next, { type: 'updated', changedFields: changed });
        return next;
      });
    },

    async remove(caller: Caller, id: string, expectedVersion?: number): Promise<void> {
      requireAdmin(caller, 'delete panels');
      await outbox.transaction(async (trx, emit) => {
        const panel = await lockPanel(trx, caller, id, expectedVersion);
        await panelStore(trx).delete(id);
        emitPanelEvent(
          emit,
          caller,
          { ...panel, version: panel.version + 1, updatedAt: clock() },
          { type: 'deleted' },
        );
      });
    },

    /** Asks the bot (through the event) to post the panel in its channel. */
    async send(caller: Caller, id: string): Promise<Panel> {
      requireAdmin(caller, 'send panels');
      return outbox.transaction(async (trx, emit) => {
        const panel = await lockPanel(trx, caller, id);
        if (!panel.channelId) {
          throw validationError([
            { field: '/channelId', message: 'must be set before the panel can be sent' },
          ]);
        }
        emitPanelEvent(emit, caller, panel, { type: 'send_requested' });
        return panel;
      });
    },

    /** The bot reports the message it posted; the panel records it (event panel_updated). */
    async markSent(caller: Caller, id: string, channelId: string, messageId: string): Promise<Panel> {
      return outbox.transaction(async (trx, emit) => {
        const panel = await lockPanel(trx, caller, id);
        if (panel.messageId === messageId && panel.channelId === channelId) return panel;
        const next: Panel = {
          ...panel,
          channelId,
          messageId,
          version: panel.version + 1,
          updatedAt: clock(),
        };
        await panelStore(trx).update(next);
        const changed = ['message_id', ...(panel.channelId === channelId ? [] : ['channel_id'])];
        emitPanelEvent(emit, caller, next, { type: 'updated', changedFields: changed });
        return next;
      });
    },
  };
}

/** The panel use cases' interface. */
export type Panels = ReturnType<typeof createPanels>;
