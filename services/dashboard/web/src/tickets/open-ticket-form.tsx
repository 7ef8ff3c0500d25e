import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useLocation } from 'wouter';
import { ApiError } from '../api/api-error.js';
import { unwrap } from '../api/clients.js';
import type { OpenTicketInput, TicketCategory } from '../api/types.js';
import { useApp } from '../app-context.js';
import { ErrorBox } from '../ui/error-box.js';
import { useTicketCategories } from './ticket-categories.js';

/**
 * Opens a ticket from the web: members for themselves, staff also on behalf of a member (their
 * Discord id). The category's form asks its questions (with their limits, as the Discord modal
 * does); a category without questions asks for subject and description. The server's refusal is
 * shown at the question it names.
 */
export function OpenTicketForm({ guildId, staff }: { guildId: string; staff: boolean }) {
  const { api } = useApp();
  const [, navigate] = useLocation();
  const categories = useTicketCategories(guildId).data;
  const [open, setOpen] = useState(false);
  const [categoryId, setCategoryId] = useState('default');
  const [subject, setSubject] = useState('');
  const [description, setDescription] = useState('');
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const [openerId, setOpenerId] = useState('');
  const category: TicketCategory | undefined = categories?.find((c) => c.id === categoryId);
  const questions = category?.questions ?? [];
  const opening = useMutation({
    mutationFn: async () => {
      const body: OpenTicketInput = {
        categoryId,
        ...(questions.length > 0
          ? { answers: questions.map((q) => ({ label: q.label, value: answers[q.label] ?? '' })) }
          : { subject, ...(description === '' ? {} : { description }) }),
        ...(staff && openerId.trim() !== '' ? { openerId: openerId.trim() } : {}),
      };
      return unwrap(
        await api.tickets.POST('/v1/guilds/{guildId}/tickets', { params: { path: { guildId } }, body }),
      );
    },
    onSuccess: (reply) => navigate(`/g/${guildId}/tickets/${reply.ticket?.id ?? ''}`),
  });
  // The server names a refused answer by its index (/answers/1/value) or the form (/answers).
  const fieldErrors =
    opening.error instanceof ApiError && Array.isArray(opening.error.details)
      ? (opening.error.details as { field: string; message: string }[])
      : [];
  if (!open)
    return (
      <button type="button" onClick={() => setOpen(true)}>
        Open a ticket
      </button>
    );
  return (
    <form
      className="card form"
      data-testid="open-ticket-form"
      onSubmit={(e) => {
        e.preventDefault();
        opening.mutate();
      }}
    >
      <label>
        Category
        <select name="categoryId" value={categoryId} onChange={(e) => setCategoryId(e.target.value)}>
          {(categories ?? [{ id: 'default', name: 'General' } as TicketCategory]).map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      </label>
      {category?.description ? <p className="hint">{category.description}</p> : null}
      {staff ? (
        <label>
          On behalf of (Discord user id; empty: yourself)
          <input
            name="openerId"
            pattern="[0-9]{17,20}"
            value={openerId}
            onChange={(e) => setOpenerId(e.target.value)}
          />
        </label>
      ) : null}
      {questions.length > 0 ? (
        questions.map((q, i) => {
          const error = fieldErrors.find(
            (f) =>
              f.field === `/answers/${i}/value` ||
              (f.field === '/answers' && f.message.includes(`"${q.label}"`)),
          );
          const props = {
            id: `answer-${i}`,
            name: `answer-${i}`,
            required: q.required,
            maxLength: q.maxLength,
            ...(q.minLength > 0 ? { minLength: q.minLength } : {}),
            placeholder: q.placeholder,
            value: answers[q.label] ?? '',
            onChange: (e: { target: { value: string } }) =>
              setAnswers({ ...answers, [q.label]: e.target.value }),
          };
          return (
            <div key={q.label} className={`field${error ? ' invalid' : ''}`}>
              <label htmlFor={props.id}>
                {q.label}
                {q.required ? ' *' : ''}
              </label>
              {q.style === 'paragraph' ? <textarea {...props} /> : <input {...props} />}
              {error ? (
                <span className="field-error" role="alert" data-testid="field-error">
                  {error.message}
                </span>
              ) : null}
            </div>
          );
        })
      ) : (
        <>
          <label>
            Subject
            <input required maxLength={100} value={subject} onChange={(e) => setSubject(e.target.value)} />
          </label>
          <label>
            Description
            <textarea value={description} onChange={(e) => setDescription(e.target.value)} />
          </label>
        </>
      )}
      {opening.isError && fieldErrors.length === 0 ? <ErrorBox error={opening.error} /> : null}
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
