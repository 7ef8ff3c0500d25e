import { useSyncExternalStore } from 'react';
import { Link } from 'wouter';

/** A short message in the corner: an event that concerns the person, or the outcome of an action. */
export interface Toast {
  readonly id: number;
  readonly text: string;
  readonly kind: 'info' | 'success' | 'error';
  readonly href?: string;
}

let toasts: readonly Toast[] = [];
let nextId = 1;
const listeners = new Set<() => void>();
const emit = () => {
  for (const listener of listeners) listener();
};

/** Shows a toast for a few seconds (errors stay twice as long). */
export function showToast(text: string, kind: Toast['kind'] = 'info', href?: string): void {
  const toast: Toast = { id: nextId++, text, kind, ...(href === undefined ? {} : { href }) };
  toasts = [...toasts.slice(-4), toast];
  emit();
  setTimeout(() => dismiss(toast.id), kind === 'error' ? 10_000 : 5000);
}

function dismiss(id: number): void {
  toasts = toasts.filter((t) => t.id !== id);
  emit();
}

/** The toasts, bottom right; each can be closed. */
export function Toasts() {
  const list = useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    () => toasts,
  );
  return (
    <ul className="toasts" aria-live="polite">
      {list.map((t) => (
        <li key={t.id} className={`toast toast-${t.kind}`} data-testid="toast">
          {t.href ? <Link href={t.href}>{t.text}</Link> : <span>{t.text}</span>}
          <button type="button" aria-label="Close" onClick={() => dismiss(t.id)}>
            ×
          </button>
        </li>
      ))}
    </ul>
  );
}
