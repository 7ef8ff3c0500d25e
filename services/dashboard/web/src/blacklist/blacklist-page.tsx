import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError } from '../api/api-error.js';
import { unwrap } from '../api/clients.js';
import type { BlacklistEntry } from '../api/types.js';
import { useApp } from '../app-context.js';
import { keys } from '../live/query-keys.js';
import { pickerOptions, useRoles } from '../settings/discord-pickers.js';
import { ErrorBox } from '../ui/error-box.js';
import { dateTime, user } from '../ui/format.js';
import { useGuild } from '../ui/guild-layout.js';
import { QueryTable } from '../ui/query-table.js';
import { showToast } from '../ui/toasts.js';

type Kind = 'users' | 'roles';
const pathKind = (entry: BlacklistEntry): Kind => (entry.kind === 'role' ? 'roles' : 'users');

/** The blacklist's entries, kept current by ticket.blacklist_* events (live/cache-updates). */
function useBlacklist(guildId: string) {
  const { api } = useApp();
  return useQuery({
    queryKey: keys.blacklist(guildId),
    queryFn: async () =>
      unwrap(
        await api.tickets.GET('/v1/guilds/{guildId}/tickets/blacklist', { params: { path: { guildId } } }),
      ),
  });
}

/**
 * The ticket blacklist: users and roles who may not open tickets, with the reason they are shown.
 * Staff list, add and remove (the ticket service's rule); the list changes live.
 */
export default function BlacklistPage() {
  const guild = useGuild();
  const entries = useBlacklist(guild.id);
  return (
    <section className="blacklist">
      <h1>Ticket blacklist</h1>
      <p className="muted">
        Who is listed here cannot open tickets — not from a panel, not with /ticket open, and staff cannot
        open one on their behalf. They are told the reason.
      </p>
      <div className="grid-2">
        <div>
          <QueryTable
            query={entries}
            what="the blacklist"
            empty="Nobody is blacklisted."
            testId="blacklist"
            headings={['Who', 'Reason', 'Added', '']}
            row={(e) => <EntryRow key={`${e.kind}:${e.targetId}`} entry={e} />}
          />
        </div>
        <AddForm />
      </div>
    </section>
  );
}

function Target({ entry }: { entry: BlacklistEntry }) {
  const guild = useGuild();
  const roles = useRoles(guild.id);
  if (entry.kind === 'user') return <>user {entry.targetId}</>;
  const role = roles.data?.find((r) => r.id === entry.targetId);
  return <>role @{role ? role.name : entry.targetId}</>;
}

function EntryRow({ entry }: { entry: BlacklistEntry }) {
  const { api } = useApp();
  const guild = useGuild();
  const remove = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.tickets.DELETE('/v1/guilds/{guildId}/tickets/blacklist/{kind}/{targetId}', {
          params: { path: { guildId: guild.id, kind: pathKind(entry), targetId: entry.targetId } },
        }),
      ),
    onError: (error) => showToast(error.message, 'error'),
  });
  return (
    <tr data-entry={`${entry.kind}:${entry.targetId}`}>
      <td>
        <Target entry={entry} />
      </td>
      <td>{entry.reason}</td>
      <td>
        {dateTime(entry.addedAt)} by {user(entry.addedBy)}
      </td>
      <td>
        <button
          type="button"
          className="link"
          disabled={remove.isPending}
          onClick={() => {
            if (confirm(`Let ${entry.kind} ${entry.targetId} open tickets again?`)) remove.mutate();
          }}
        >
          Remove
        </button>
      </td>
    </tr>
  );
}

function FieldError({ message }: { message: string | undefined }) {
  return message ? <span className="field-error">{message}</span> : null;
}

function AddForm() {
  const { api } = useApp();
  const guild = useGuild();
  const roles = useRoles(guild.id);
  const [kind, setKind] = useState<Kind>('users');
  const [targetId, setTargetId] = useState('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<ReadonlyMap<string, string>>(new Map());
  const add = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.tickets.PUT('/v1/guilds/{guildId}/tickets/blacklist/{kind}/{targetId}', {
          params: { path: { guildId: guild.id, kind, targetId: targetId.trim() } },
          body: { reason },
        }),
      ),
    onMutate: () => setErrors(new Map()),
    onSuccess: () => {
      // The list itself changes through the ticket.blacklist_added event.
      showToast('Added to the blacklist', 'success');
      setTargetId('');
      setReason('');
    },
    onError: (error) => {
      if (error instanceof ApiError) setErrors(new Map(error.fieldErrors.map((f) => [f.field, f.message])));
    },
  });
  const pickable = pickerOptions('role', 'roleId', undefined, roles.data, guild.id);
  return (
    <form
      className="form card"
      data-testid="blacklist-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        add.mutate();
      }}
    >
      <h2>Add</h2>
      <label>
        Kind
        <select
          name="kind"
          value={kind}
          onChange={(e) => {
            setKind(e.target.value as Kind);
            setTargetId('');
          }}
        >
          <option value="users">A user</option>
          <option value="roles">Everyone with a role</option>
        </select>
      </label>
      {kind === 'users' ? (
        <label className={errors.get('/targetId') ? 'invalid' : undefined}>
          User id
          <input
            name="targetId"
            inputMode="numeric"
            placeholder="Discord user id"
            value={targetId}
            onChange={(e) => setTargetId(e.target.value)}
          />
          <FieldError message={errors.get('/targetId')} />
        </label>
      ) : (
        <label className={errors.get('/targetId') ? 'invalid' : undefined}>
          Role
          <select name="targetId" value={targetId} onChange={(e) => setTargetId(e.target.value)}>
            <option value="">— choose a role —</option>
            {pickable.map((r) => (
              <option key={r.id} value={r.id}>
                {r.label}
              </option>
            ))}
          </select>
          <FieldError message={errors.get('/targetId')} />
        </label>
      )}
      <label className={errors.get('/reason') ? 'invalid' : undefined}>
        Reason (shown to them)
        <textarea name="reason" value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} />
        <FieldError message={errors.get('/reason')} />
      </label>
      {add.isError && !(add.error instanceof ApiError && add.error.fieldErrors.length > 0) ? (
        <ErrorBox error={add.error} />
      ) : null}
      <div className="actions">
        <button type="submit" disabled={add.isPending || targetId.trim() === '' || reason.trim() === ''}>
          Add to the blacklist
        </button>
      </div>
    </form>
  );
}
