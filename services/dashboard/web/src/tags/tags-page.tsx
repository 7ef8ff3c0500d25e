import { roleAtLeast } from '@guildwire/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError } from '../api/api-error.js';
import { unwrap } from '../api/clients.js';
import type { TicketTag } from '../api/types.js';
import { useApp } from '../app-context.js';
import { keys } from '../live/query-keys.js';
import { ErrorBox } from '../ui/error-box.js';
import { useGuild } from '../ui/guild-layout.js';
import { QueryTable } from '../ui/query-table.js';
import { showToast } from '../ui/toasts.js';
import { useTags } from './use-tags.js';

interface Draft {
  readonly tagId?: string;
  readonly version?: number;
  readonly name: string;
  readonly content: string;
  /** Comma-separated, as typed. */
  readonly keywords: string;
}

const blank: Draft = { name: '', content: '', keywords: '' };
const draftOf = (t: TicketTag): Draft => ({
  tagId: t.id,
  version: t.version,
  name: t.name,
  content: t.content,
  keywords: t.keywords.join(', '),
});
const keywordsOf = (typed: string) =>
  typed
    .split(',')
    .map((k) => k.trim())
    .filter((k) => k !== '');

/**
 * Tags (canned replies): the list, and for admins an editor to create, change and delete them.
 * Staff use them with /tag in Discord and from the reply box's tag picker.
 */
export default function TagsPage() {
  const guild = useGuild();
  const admin = roleAtLeast(guild.role, 'admin');
  const tags = useTags(guild.id);
  const [draft, setDraft] = useState<Draft>(blank);
  return (
    <section className="tags">
      <h1>Tags</h1>
      <p className="muted">
        Canned replies: staff post them with <code>/tag</code> in a ticket or from the reply box. A tag with
        keywords is posted once per ticket when the opener writes one of them.
      </p>
      <div className="grid-2">
        <div>
          <QueryTable
            query={tags}
            what="tags"
            empty="No tags yet."
            testId="tag-list"
            headings={['Name', 'Content', 'Keywords', '']}
            row={(t) => <TagRow key={t.id} tag={t} admin={admin} onEdit={() => setDraft(draftOf(t))} />}
          />
        </div>
        {admin ? (
          <TagEditor draft={draft} setDraft={setDraft} />
        ) : (
          <p className="muted">Only admins create and edit tags.</p>
        )}
      </div>
    </section>
  );
}

function TagRow({ tag, admin, onEdit }: { tag: TicketTag; admin: boolean; onEdit: () => void }) {
  const { api } = useApp();
  const guild = useGuild();
  const client = useQueryClient();
  const remove = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.tickets.DELETE('/v1/guilds/{guildId}/tickets/tags/{tagId}', {
          params: { path: { guildId: guild.id, tagId: tag.id } },
        }),
      ),
    onSuccess: () => void client.invalidateQueries({ queryKey: keys.tags(guild.id) }),
    onError: (error) => showToast(error.message, 'error'),
  });
  return (
    <tr data-tag-name={tag.name}>
      <td>
        <code>{tag.name}</code>
      </td>
      <td className="clip">{tag.content}</td>
      <td>{tag.keywords.join(', ') || <span className="muted">—</span>}</td>
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
                if (confirm(`Delete the tag “${tag.name}”?`)) remove.mutate();
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

function TagEditor({ draft, setDraft }: { draft: Draft; setDraft: (d: Draft) => void }) {
  const { api } = useApp();
  const guild = useGuild();
  const client = useQueryClient();
  const [errors, setErrors] = useState<ReadonlyMap<string, string>>(new Map());
  const save = useMutation({
    mutationFn: async () => {
      const body = { name: draft.name, content: draft.content, keywords: keywordsOf(draft.keywords) };
      const path = { guildId: guild.id };
      return draft.tagId === undefined
        ? unwrap(await api.tickets.POST('/v1/guilds/{guildId}/tickets/tags', { params: { path }, body }))
        : unwrap(
            await api.tickets.PATCH('/v1/guilds/{guildId}/tickets/tags/{tagId}', {
              params: { path: { ...path, tagId: draft.tagId }, header: { 'if-match': `"${draft.version}"` } },
              body,
            }),
          );
    },
    onMutate: () => setErrors(new Map()),
    onSuccess: (tag) => {
      void client.invalidateQueries({ queryKey: keys.tags(guild.id) });
      showToast(`Tag “${tag.name}” saved`, 'success');
      setDraft(blank);
    },
    onError: (error) => {
      if (error instanceof ApiError) setErrors(new Map(error.fieldErrors.map((f) => [f.field, f.message])));
    },
  });
  const fieldError = (prefix: string) =>
    [...errors]
      .filter(([f]) => f === prefix || f.startsWith(`${prefix}/`))
      .map(([, m]) => m)
      .join('; ');
  const set = (patch: Partial<Draft>) => setDraft({ ...draft, ...patch });
  const line = (name: string) =>
    fieldError(`/${name}`) ? <span className="field-error">{fieldError(`/${name}`)}</span> : null;
  return (
    <form
      className="form card"
      data-testid="tag-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <h2>{draft.tagId ? `Edit tag ${draft.name}` : 'New tag'}</h2>
      <label className={fieldError('/name') ? 'invalid' : undefined}>
        Name (a-z, 0-9, - and _)
        <input
          name="name"
          value={draft.name}
          maxLength={32}
          onChange={(e) => set({ name: e.target.value })}
        />
        {line('name')}
      </label>
      <label className={fieldError('/content') ? 'invalid' : undefined}>
        Content ({draft.content.length} / 2000)
        <textarea
          name="content"
          rows={5}
          value={draft.content}
          onChange={(e) => set({ content: e.target.value })}
        />
        {line('content')}
      </label>
      <label className={fieldError('/keywords') ? 'invalid' : undefined}>
        Auto-reply keywords (comma-separated words or phrases; empty: never automatic)
        <input name="keywords" value={draft.keywords} onChange={(e) => set({ keywords: e.target.value })} />
        {line('keywords')}
      </label>
      {save.isError && !(save.error instanceof ApiError && save.error.fieldErrors.length > 0) ? (
        <ErrorBox error={save.error} />
      ) : null}
      <div className="actions">
        <button
          type="submit"
          disabled={save.isPending || draft.name.trim() === '' || draft.content.trim() === ''}
        >
          Save
        </button>
        {draft.tagId || draft.name || draft.content ? (
          <button type="button" className="link" onClick={() => setDraft(blank)}>
            Clear
          </button>
        ) : null}
      </div>
    </form>
  );
}
