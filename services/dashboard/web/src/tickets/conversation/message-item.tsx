import { memo, type ReactNode } from 'react';
import type { TicketMessage } from '../../api/types.js';
import { dateTime, user } from '../../ui/format.js';

// Everything a message carries is shown as text: React escapes it, and nothing here sets HTML. Links
// (attachments, embed titles) are only made of http(s) URLs; anything else is shown as plain text.

/** The URL if it is http(s), else undefined (javascript:, data:, relative paths are never links). */
export function safeHref(url: string | null | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

const mentionPattern = /<(@[!&]?|#)([0-9]{1,20})>/g;

/**
 * Content with Discord's mentions (`<@id>`, `<@&id>`, `<#id>`) as the names they had, as text; a
 * user whose name was never seen shows as elsewhere on the dashboard (`@000109`), a role or channel
 * as the transcript writes it (`@unknown-role`).
 */
function withMentions(text: string, message: TicketMessage): ReactNode[] {
  const names = new Map(message.mentions.map((m) => [`${m.kind}:${m.id}`, m.name]));
  const parts: ReactNode[] = [];
  let at = 0;
  for (const match of text.matchAll(mentionPattern)) {
    const [raw, sigil, id] = match as unknown as [string, string, string];
    const kind = sigil === '#' ? 'channel' : sigil === '@&' ? 'role' : 'user';
    const name = names.get(`${kind}:${id}`);
    parts.push(text.slice(at, match.index));
    parts.push(
      <span className="mention" key={`${match.index}`}>
        {name
          ? `${kind === 'channel' ? '#' : '@'}${name}`
          : kind === 'user'
            ? user(id)
            : kind === 'role'
              ? '@unknown-role'
              : '#unknown-channel'}
      </span>,
    );
    at = match.index + raw.length;
  }
  parts.push(text.slice(at));
  return parts;
}

/** One Discord message of the conversation; a deleted one keeps its place and says so. */
export const MessageItem = memo(function MessageItem({ message: m }: { message: TicketMessage }) {
  const author = m.author?.name || m.author?.id || 'unknown';
  const common = {
    'data-testid': 'message',
    'data-message-id': m.id,
    'data-version': m.version,
    ...(m.replyId ? { 'data-reply-id': m.replyId } : {}),
  };
  if (m.deletedAt !== null)
    return (
      <li className="message deleted" data-deleted="true" {...common}>
        <span className="who">{author}</span> <span className="when">{dateTime(m.createdAt)}</span>
        <p className="muted">message deleted</p>
      </li>
    );
  return (
    <li className={m.replyId ? 'message from-dashboard' : 'message'} {...common}>
      <span className="who" title={m.author?.id}>
        {author}
      </span>
      {m.author?.bot ? <span className="badge">bot</span> : null}{' '}
      <span className="when">{dateTime(m.createdAt)}</span>
      {m.editedAt !== null ? (
        <span className="edited" title={`edited ${dateTime(m.editedAt)}`} data-testid="edited">
          {' '}
          (edited)
        </span>
      ) : null}
      {m.content !== '' ? <p className="content">{withMentions(m.content, m)}</p> : null}
      {m.embeds.map((e, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: embeds have no id; their order is fixed
        <div className="embed" key={i}>
          {e.authorName ? <div className="muted">{e.authorName}</div> : null}
          {e.title ? (
            <div className="embed-title">
              {safeHref(e.url) ? (
                <a href={safeHref(e.url)} rel="noreferrer noopener" target="_blank">
                  {e.title}
                </a>
              ) : (
                e.title
              )}
            </div>
          ) : null}
          {e.description ? <p>{withMentions(e.description, m)}</p> : null}
          {e.fields.length > 0 ? (
            <dl className="embed-fields">
              {e.fields.map((f, j) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: fields have no id; their order is fixed
                <div key={j}>
                  <dt>{f.name}</dt>
                  <dd>{withMentions(f.value, m)}</dd>
                </div>
              ))}
            </dl>
          ) : null}
          {e.footerText ? <div className="muted">{e.footerText}</div> : null}
        </div>
      ))}
      {m.attachments.length > 0 ? (
        <ul className="attachments">
          {m.attachments.map((a) => (
            <li key={a.id}>
              {safeHref(a.url) ? (
                <a href={safeHref(a.url)} rel="noreferrer noopener" target="_blank">
                  {a.filename}
                </a>
              ) : (
                <span title="not an http(s) link">{a.filename}</span>
              )}
            </li>
          ))}
        </ul>
      ) : null}
    </li>
  );
});
