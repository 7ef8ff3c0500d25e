import { createHash } from 'node:crypto';
import type pg from 'pg';
import { CommitCheckingClient } from './commit-checking-client.js';
import { hintsOf } from './statement-hints.js';

// Statement names by text. Only texts hinted `prepare` land here, and those are written in code,
// so the map stays small; the bound guards against a caller that builds them dynamically.
const names = new Map<string, string>();
const maxNames = 1000;

function nameOf(text: string): string {
  let name = names.get(text);
  if (name === undefined) {
    // A digest of the text: one text, one name, on every connection and in every process.
    name = `gw_${createHash('sha256').update(text).digest('hex').slice(0, 32)}`;
    if (names.size < maxNames) names.set(text, name);
  }
  return name;
}

/** The pool option (passed on to each client) that turns named statements off. */
export interface PreparingClientConfig extends pg.ClientConfig {
  readonly gwPreparedStatements?: boolean;
}

/**
 * A pg client that sends statements hinted `prepare` (see statement-hints) as named prepared
 * statements: pg parses each once per connection and afterwards sends only Bind and Execute.
 * With `gwPreparedStatements: false` hints are ignored (for poolers that cannot keep them).
 */
export class PreparingClient extends CommitCheckingClient {
  readonly #prepares: boolean;

  constructor(config?: string | PreparingClientConfig) {
    super(config);
    this.#prepares = typeof config !== 'object' || config.gwPreparedStatements !== false;
  }

  // One signature for all of pg's query overloads; arguments and result pass through unchanged.
  // biome-ignore lint/suspicious/noExplicitAny: mirrors pg's overloaded query()
  override query(...args: any[]): any {
    const [text, values] = args;
    if (this.#prepares && typeof text === 'string' && args.length <= 2 && hintsOf(text).prepare) {
      return super.query({ name: nameOf(text), text, values });
    }
    return (super.query as (...a: unknown[]) => unknown)(...args);
  }
}
