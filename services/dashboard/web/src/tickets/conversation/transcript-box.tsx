import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { unwrap } from '../../api/clients.js';
import type { Ticket } from '../../api/types.js';
import { useApp } from '../../app-context.js';
import { ErrorBox } from '../../ui/error-box.js';
import { dateTime } from '../../ui/format.js';

// The transcript routes want the bearer token like every API call, so a plain link cannot open
// them: the page fetches them through the API client (token, renewal) and then
//  - shows the HTML in an iframe with an empty `sandbox`: an opaque origin where nothing runs, the
//    browser-side twin of the CSP the service sends (which a blob or srcdoc would not carry), so even
//    content that escaped the service's escaping could not reach this page's session;
//  - saves HTML or JSON as a download (a file, never a page of this origin).
// The JSON's sha256 is checked against the digest sealed on the ticket before it is saved.

type Format = 'html' | 'json';

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

function download(text: string, type: string, filename: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** A closed ticket's sealed transcript: its seal, a view, and downloads. */
export function TranscriptBox({ ticket }: { ticket: Ticket }) {
  const { api } = useApp();
  const [shown, setShown] = useState<string | undefined>(undefined);
  const [verified, setVerified] = useState<boolean | undefined>(undefined);
  const seal = ticket.transcript;
  const fetchTranscript = useMutation({
    mutationFn: async ({ format }: { format: Format; save: boolean }) => {
      const path =
        format === 'html'
          ? ('/v1/guilds/{guildId}/tickets/{ticketId}/transcript.html' as const)
          : ('/v1/guilds/{guildId}/tickets/{ticketId}/transcript.json' as const);
      const text = await unwrap<string>(
        await api.tickets.GET(path, {
          params: { path: { guildId: ticket.guildId, ticketId: ticket.id } },
          parseAs: 'text',
        }),
      );
      return text;
    },
    onSuccess: async (text, { format, save }) => {
      const name = `ticket-${ticket.number}-transcript.${format}`;
      if (format === 'json') {
        if (seal) setVerified((await sha256Hex(text)) === seal.digest);
        download(text, 'application/json', name);
      } else if (save) download(text, 'text/html', name);
      else setShown(text);
    },
  });
  const busy = fetchTranscript.isPending;
  return (
    <div className="transcript" data-testid="transcript">
      <h3>Transcript</h3>
      {seal ? (
        <dl className="facts">
          <div>
            <dt>Sealed</dt>
            <dd data-testid="transcript-sealed-at">{dateTime(seal.sealedAt)}</dd>
          </div>
          <div>
            <dt>Messages</dt>
            <dd data-testid="transcript-count">{seal.messageCount}</dd>
          </div>
          <div className="digest">
            <dt>sha256</dt>
            <dd>
              <code data-testid="transcript-digest">{seal.digest}</code>
            </dd>
          </div>
        </dl>
      ) : (
        <p className="muted">
          Not sealed: closed before transcripts were kept. The files show the conversation as it is now.
        </p>
      )}
      <div className="inline">
        <button
          type="button"
          disabled={busy}
          onClick={() =>
            shown === undefined
              ? fetchTranscript.mutate({ format: 'html', save: false })
              : setShown(undefined)
          }
        >
          {shown === undefined ? 'View transcript' : 'Hide transcript'}
        </button>
        <button
          type="button"
          className="secondary"
          disabled={busy}
          onClick={() => fetchTranscript.mutate({ format: 'html', save: true })}
        >
          Download HTML
        </button>
        <button
          type="button"
          className="secondary"
          disabled={busy}
          onClick={() => fetchTranscript.mutate({ format: 'json', save: true })}
        >
          Download JSON
        </button>
      </div>
      {verified === undefined ? null : (
        <p className={verified ? 'ok-line' : 'error-line'} data-testid="transcript-verified">
          {verified
            ? 'The downloaded JSON matches the sealed sha256.'
            : 'The downloaded JSON does NOT match the sealed sha256.'}
        </p>
      )}
      {fetchTranscript.isError ? <ErrorBox error={fetchTranscript.error} /> : null}
      {shown === undefined ? null : (
        <iframe
          className="transcript-frame"
          title="Transcript"
          sandbox=""
          srcDoc={shown}
          data-testid="transcript-frame"
        />
      )}
    </div>
  );
}
