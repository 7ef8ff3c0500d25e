/** "3 min ago", "2 h ago", or a date: when something happened, at a glance. */
export function ago(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return '—';
  const ms = now - Date.parse(iso);
  if (ms < 60_000) return 'just now';
  if (ms < 3_600_000) return `${Math.floor(ms / 60_000)} min ago`;
  if (ms < 86_400_000) return `${Math.floor(ms / 3_600_000)} h ago`;
  return new Date(iso).toLocaleDateString();
}

/** A date and time in the reader's locale. */
export function dateTime(iso: string | null | undefined): string {
  return iso ? new Date(iso).toLocaleString() : '—';
}

/** A duration in ms as "4 min", "2.5 h", "3 d". */
export function duration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  if (ms < 60_000) return `${Math.round(ms / 1000)} s`;
  if (ms < 3_600_000) return `${Math.round(ms / 60_000)} min`;
  if (ms < 86_400_000) return `${(ms / 3_600_000).toFixed(1)} h`;
  return `${(ms / 86_400_000).toFixed(1)} d`;
}

/** A Discord user id shown briefly (no member names are available to the dashboard yet). */
export function user(id: string | null | undefined, me?: string): string {
  if (!id) return '—';
  if (id === me) return 'you';
  // Components (the bot gateway, the timer) act under their own names.
  return /^[0-9]+$/.test(id) ? `@${id.slice(-6)}` : id;
}
