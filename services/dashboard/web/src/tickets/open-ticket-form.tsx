import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useLocation } from 'wouter';
import { unwrap } from '../api/clients.js';
import { useApp } from '../app-context.js';
import { ErrorBox } from '../ui/error-box.js';

/** A member opens a ticket from the web (it appears on their list through the stream). */
export function OpenTicketForm({ guildId }: { guildId: string }) {
  const { api } = useApp();
  const [, navigate] = useLocation();
  const [open, setOpen] = useState(false);
  const [subject, setSubject] = useState('');
  const [description, setDescription] = useState('');
  const opening = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.tickets.POST('/v1/guilds/{guildId}/tickets', {
          params: { path: { guildId } },
          body: { subject, ...(description === '' ? {} : { description }) },
        }),
      ),
    onSuccess: (reply) => navigate(`/g/${guildId}/tickets/${reply.ticket?.id ?? ''}`),
  });
  if (!open)
    return (
      <button type="button" onClick={() => setOpen(true)}>
        Open a ticket
      </button>
    );
  return (
    <form
      className="card form"
      onSubmit={(e) => {
        e.preventDefault();
        opening.mutate();
      }}
    >
      <label>
        Subject
        <input required maxLength={100} value={subject} onChange={(e) => setSubject(e.target.value)} />
      </label>
      <label>
        Description
        <textarea value={description} onChange={(e) => setDescription(e.target.value)} />
      </label>
      {opening.isError ? <ErrorBox error={opening.error} /> : null}
      <div className="actions">
        <button type="submit" disabled={opening.isPending}>
          Open
        </button>
        <button type="button" className="link" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
