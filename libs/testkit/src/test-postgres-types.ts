/** Where a test's Postgres comes from. */
export type PostgresSource = 'env' | 'docker' | 'local';

/** A fresh, empty Postgres database for one test file. */
export interface TestPostgres {
  /** Connection URL of the database, e.g. `postgres://postgres@127.0.0.1:43121/postgres`. */
  readonly url: string;
  /** Which source provided it. */
  readonly source: PostgresSource;
  /** Milliseconds from the call until the database accepted queries. */
  readonly startMs: number;
  /** Drop the database (shared server) or stop the server and remove its files. */
  stop(): Promise<void>;
}
