import { roleAtLeast } from '@guildwire/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError } from '../api/api-error.js';
import { unwrap } from '../api/clients.js';
import type { Panel } from '../api/types.js';
import { useApp } from '../app-context.js';
import { keys } from '../live/query-keys.js';
import { useChannels } from '../settings/discord-pickers.js';
import { useTicketCategories } from '../tickets/ticket-categories.js';
import { ErrorBox } from '../ui/error-box.js';
import { useGuild } from '../ui/guild-layout.js';
import { QueryTable } from '../ui/query-table.js';
import { showToast } from '../ui/toasts.js';

interface Draft {
  /** The panel being edited; undefined for a new one. */
  readonly panelId?: string;
  readonly version?: number;
  readonly title: string;
  readonly description: string;
  readonly buttonLabel: string;
  readonly colour: string;
  readonly channelId: string;
  /** Ticket categories offered, in order; empty: the default one. */
  readonly categoryIds: readonly string[];
}

const blank: Draft = {
  title: '',
  description: '',
  buttonLabel: 'Open a ticket',
  colour: '#5865f2',
  channelId: '',
  categoryIds: [],
};

const draftOf = (p: Panel): Draft => ({
  panelId: p.id,
  version: p.version,
  title: p.title,
  description: p.description,
  buttonLabel: p.buttonLabel,
  colour: `#${p.colour.toString(16).padStart(6, '0')}`,
  channelId: p.channelId ?? '',
  categoryIds: p.categoryIds ?? [],
});

/**
 * Ticket panels: the list (live: panel events change it in place), an editor to create or change
 * one, and "save and send" to a channel picked from the bot's list. After a send the editor starts
 * blank again, so the next panel is a new one and never reuses the sent panel's id (its buttons).
 */
export default function PanelsPage() {
  const { api } = useApp();
  const guild = useGuild();
  const admin = roleAtLeast(guild.role, 'admin');
  const panels = useQuery({
    queryKey: keys.panels(guild.id),
    queryFn: async () =>
      unwrap(
        await api.tickets.GET('/v1/guilds/{guildId}/panels', { params: { path: { guildId: guild.id } } }),
      ),
  });
  const [draft, setDraft] = useState<Draft>(blank);
  return (
    <section className="panels">
      <h1>Ticket panels</h1>
      <div className="grid-2">
        <div>
          <QueryTable
            query={panels}
            what="panels"
            empty="No panels yet."
            testId="panel-list"
            headings={['Title', 'Channel', 'Button', '']}
            row={(p) => <PanelRow key={p.id} panel={p} admin={admin} onEdit={() => setDraft(draftOf(p))} />}
          />
        </div>
        {admin ? (
          <PanelEditor draft={draft} setDraft={setDraft} />
        ) : (
          <p className="muted">Only admins create and send panels.</p>
        )}
      </div>
    </section>
  );
}

function ChannelName({ channelId }: { channelId: string | null }) {
  const guild = useGuild();
  const channels = useChannels(guild.id);
  if (!channelId) return <span className="muted">—</span>;
  const channel = channels.data?.find((c) => c.id === channelId);
  return <>{channel ? `#${channel.name}` : channelId}</>;
}

function PanelRow({ panel, admin, onEdit }: { panel: Panel; admin: boolean; onEdit: () => void }) {
  const { api } = useApp();
  const guild = useGuild();
  const remove = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.tickets.DELETE('/v1/guilds/{guildId}/panels/{panelId}', {
          params: { path: { guildId: guild.id, panelId: panel.id } },
        }),
      ),
    onError: (error) => showToast(error.message, 'error'),
  });
  return (
    <tr data-panel-id={panel.id}>
      <td>{panel.title}</td>
      <td>
        <ChannelName channelId={panel.channelId} />
      </td>
      <td>{panel.buttonLabel}</td>
      <td>
        {admin ? (
          <>
            <button type="button" className="link" onClick={onEdit}>
              Edit
            </button>
            <button
              type="button"
              className="link"
              disabled={remove.isPending}
              onClick={() => {
                if (confirm(`Delete the panel “${panel.title}”?`)) remove.mutate();
              }}
            >
              Delete
            </button>
          </>
        ) : null}
      </td>
    </tr>
  );
}

function PanelEditor({ draft, setDraft }: { draft: Draft; setDraft: (d: Draft) => void }) {
  const { api } = useApp();
  const guild = useGuild();
  const client = useQueryClient();
  const channels = useChannels(guild.id);
  const [errors, setErrors] = useState<ReadonlyMap<string, string>>(new Map());
  const textChannels = (channels.data ?? []).filter((c) => c.type === 0 || c.type === 5);
  const categories = useTicketCategories(guild.id).data ?? [];

  const save = useMutation({
    mutationFn: async ({ send }: { send: boolean }) => {
      const body = {
        title: draft.title,
        description: draft.description,
        buttonLabel: draft.buttonLabel,
        colour: Number.parseInt(draft.colour.slice(1), 16),
        channelId: draft.channelId === '' ? null : draft.channelId,
        categoryIds: [...draft.categoryIds],
      };
      const path = { guildId: guild.id };
      const panel =
        draft.panelId === undefined
          ? await unwrap(await api.tickets.POST('/v1/guilds/{guildId}/panels', { params: { path }, body }))
          : await unwrap(
              await api.tickets.PATCH('/v1/guilds/{guildId}/panels/{panelId}', {
                params: {
                  path: { ...path, panelId: draft.panelId },
                  header: { 'if-match': `"${draft.version}"` },
                },
                body,
              }),
            );
      if (!send) return { panel, sent: false };
      const sent = await unwrap(
        await api.tickets.POST('/v1/guilds/{guildId}/panels/{panelId}/send', {
          params: { path: { ...path, panelId: panel.id } },
        }),
      );
      return { panel: sent, sent: true };
    },
    onMutate: () => setErrors(new Map()),
    onSuccess: ({ panel, sent }) => {
      client.setQueryData<readonly Panel[]>(keys.panels(guild.id), (list) =>
        list === undefined || list.some((p) => p.id === panel.id && p.version >= panel.version)
          ? list
          : [...list.filter((p) => p.id !== panel.id), panel],
      );
      if (sent) {
        showToast(`Panel “${panel.title}” sent`, 'success');
        setDraft(blank);
      } else {
        showToast(`Panel “${panel.title}” saved`, 'success');
        setDraft(draftOf(panel));
      }
    },
    onError: (error) => {
      if (error instanceof ApiError) setErrors(new Map(error.fieldErrors.map((f) => [f.field, f.message])));
    },
  });
  const field = (name: keyof Draft) => errors.get(`/${name}`);
  const set = (patch: Partial<Draft>) => setDraft({ ...draft, ...patch });
  return (
    <form
      className="form card"
      data-testid="panel-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({ send: true });
      }}
    >
      <h2>{draft.panelId ? 'Edit panel' : 'New panel'}</h2>
      <label className={field('title') ? 'invalid' : undefined}>
        Title
        <input
          name="title"
          value={draft.title}
          maxLength={256}
          onChange={(e) => set({ title: e.target.value })}
        />
        {field('title') ? <span className="field-error">{field('title')}</span> : null}
      </label>
      <label>
        Description
        <textarea
          name="description"
          value={draft.description}
          onChange={(e) => set({ description: e.target.value })}
        />
      </label>
      <label>
        Button label
        <input
          name="buttonLabel"
          value={draft.buttonLabel}
          maxLength={80}
          onChange={(e) => set({ buttonLabel: e.target.value })}
        />
      </label>
      <label>
        Colour
        <input
          name="colour"
          type="color"
          value={draft.colour}
          onChange={(e) => set({ colour: e.target.value })}
        />
      </label>
      <label className={field('channelId') ? 'invalid' : undefined}>
        Channel
        <select name="channelId" value={draft.channelId} onChange={(e) => set({ channelId: e.target.value })}>
          <option value="">— choose a channel —</option>
          {textChannels.map((c) => (
            <option key={c.id} value={c.id}>
              #{c.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Categories offered (none chosen: the default one; more than five: a menu)
        <select
          name="categoryIds"
          multiple
          size={Math.min(6, Math.max(2, categories.length))}
          value={[...draft.categoryIds]}
          onChange={(e) => set({ categoryIds: [...e.target.selectedOptions].map((o) => o.value) })}
        >
          {categories.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
        {[...errors].some(([f]) => f.startsWith('/categoryIds')) ? (
          <span className="field-error">
            {[...errors]
              .filter(([f]) => f.startsWith('/categoryIds'))
              .map(([, m]) => m)
              .join('; ')}
          </span>
        ) : null}
      </label>
      {save.isError && !(save.error instanceof ApiError && save.error.fieldErrors.length > 0) ? (
        <ErrorBox error={save.error} />
      ) : null}
      <div className="actions">
        <button
          type="submit"
          disabled={save.isPending || draft.channelId === '' || draft.title.trim() === ''}
        >
          Save and send
        </button>
        <button
          type="button"
          className="secondary"
          disabled={save.isPending}
          onClick={() => save.mutate({ send: false })}
        >
          Save
        </button>
        {draft.panelId || draft.title ? (
          <button type="button" className="link" onClick={() => setDraft(blank)}>
            Clear
          </button>
        ) : null}
      </div>
    </form>
  );
}
