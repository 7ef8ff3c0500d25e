import { Component, type ReactNode } from 'react';
import { ApiError, readableError } from '../api/api-error.js';

/** An error a person can read, with a way forward; pages show it instead of a blank screen. */
export function ErrorBox({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  return (
    <div className="error-box" role="alert" data-testid="error">
      <p>{readableError(error)}</p>
      {error instanceof ApiError && error.fieldErrors.length > 0 ? (
        <ul>
          {error.fieldErrors.map((f) => (
            <li key={f.field}>
              <code>{f.field || '(body)'}</code> {f.message}
            </li>
          ))}
        </ul>
      ) : null}
      {onRetry ? (
        <button type="button" onClick={onRetry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}

/** Catches what a page throws while rendering and shows it, keeping the rest of the app usable. */
export class ErrorBoundary extends Component<{ children: ReactNode; resetKey?: string }, { error: unknown }> {
  override state: { error: unknown } = { error: undefined };

  static getDerivedStateFromError(error: unknown) {
    return { error };
  }

  override componentDidUpdate(previous: { resetKey?: string }) {
    if (previous.resetKey !== this.props.resetKey && this.state.error !== undefined)
      this.setState({ error: undefined });
  }

  override render() {
    if (this.state.error === undefined) return this.props.children;
    return <ErrorBox error={this.state.error} onRetry={() => this.setState({ error: undefined })} />;
  }
}

/** A placeholder while a page's data loads. */
export function Loading({ what }: { what: string }) {
  return (
    <p className="loading" aria-busy="true">
      Loading {what}…
    </p>
  );
}
