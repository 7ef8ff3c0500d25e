import {
  type CompiledQuery,
  type DatabaseConnection,
  type Driver,
  PostgresDialect,
  type PostgresDialectConfig,
  type QueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';
import { hintsOf } from './statement-hints.js';
import { commitQuery, endCommandOf, isBeginText } from './transaction-commands.js';

const isBegin = (q: CompiledQuery): boolean => q.parameters.length === 0 && isBeginText(q.sql);
const endCommand = (q: CompiledQuery) => (q.parameters.length > 0 ? undefined : endCommandOf(q.sql));

/**
 * A connection that sends a transaction's edges with its statements. It holds BEGIN back and sends
 * it together with the transaction's first statement: on a pipelining pg client both leave without
 * waiting for each other, so a transaction costs one round trip less. A transaction that ends
 * before any statement sends nothing. A statement hinted `commit` (statement-hints) is followed by
 * COMMIT the same way.
 *
 * BEGIN reaches the server before the statement (pg keeps submission order), so the statement runs
 * inside the transaction. A BEGIN that fails (only a broken connection fails it) fails the statement
 * call too.
 *
 * On a client without pipeline mode, queries issued together are handed to it one after another,
 * each once the previous one has settled: pg would otherwise queue them itself, which it
 * deprecates. Same order, same outcome, one round trip each.
 */
class DeferredBeginConnection implements DatabaseConnection {
  #pending: CompiledQuery | undefined;
  // Settles when the last query handed to a non-pipelining client has; unused when pipelining.
  #last: Promise<unknown> = Promise.resolve();

  constructor(
    readonly inner: DatabaseConnection,
    private readonly pipelined: boolean,
  ) {}

  /** Forgets a BEGIN no statement followed; true when there was one (no transaction on the server). */
  dropPendingBegin(): boolean {
    const had = this.#pending !== undefined;
    this.#pending = undefined;
    return had;
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (isBegin(query)) {
      if (this.#pending !== undefined) await this.#flush();
      this.#pending = query;
      return { rows: [] };
    }
    const begin = this.#pending;
    const commits = hintsOf(query.sql).commit === true;
    if (begin === undefined && !commits) return this.#send<R>(query);
    this.#pending = undefined;
    // Nothing ran since BEGIN: there is no transaction to end on the server.
    const ended = begin === undefined ? undefined : endCommand(query);
    if (ended !== undefined) return { rows: [{ command: ended } as R] };
    // Issued side by side, so a pipelining client sends them in one round trip, in this order.
    const sent: Promise<QueryResult<unknown>>[] = [];
    if (begin !== undefined) sent.push(this.#send(begin));
    const result = this.#send<R>(query);
    sent.push(result);
    if (commits) sent.push(this.#send(commitQuery));
    // The first failure in sending order is the one that matters: after a failed statement the
    // transaction is aborted and COMMIT only answers ROLLBACK.
    const settled = await Promise.allSettled(sent);
    for (const s of settled) if (s.status === 'rejected') throw s.reason;
    return result;
  }

  async *streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    await this.#flush();
    await this.#last;
    yield* this.inner.streamQuery<R>(query, chunkSize);
  }

  async #flush(): Promise<void> {
    const begin = this.#pending;
    this.#pending = undefined;
    if (begin !== undefined) await this.#send(begin);
  }

  /** Hands `query` to the client: at once when it pipelines, else once the previous one settled. */
  #send<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (this.pipelined) return this.inner.executeQuery<R>(query);
    const sent = this.#last.then(() => this.inner.executeQuery<R>(query));
    this.#last = sent.catch(() => undefined);
    return sent;
  }
}

/** Wraps kysely's Postgres driver so that every connection defers BEGIN (see above). */
class DeferredBeginDriver implements Driver {
  readonly #inner: Driver;
  readonly #pipelined: boolean;
  readonly #wrapped = new WeakMap<DatabaseConnection, DeferredBeginConnection>();

  constructor(inner: Driver, pipelined: boolean) {
    this.#inner = inner;
    this.#pipelined = pipelined;
  }

  init(): Promise<void> {
    return this.#inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const inner = await this.#inner.acquireConnection();
    let wrapped = this.#wrapped.get(inner);
    if (wrapped === undefined) {
      wrapped = new DeferredBeginConnection(inner, this.#pipelined);
      this.#wrapped.set(inner, wrapped);
    }
    return wrapped;
  }

  beginTransaction(conn: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    return this.#inner.beginTransaction(conn, settings);
  }

  async commitTransaction(conn: DatabaseConnection): Promise<void> {
    if (!(conn instanceof DeferredBeginConnection)) return this.#inner.commitTransaction(conn);
    if (conn.dropPendingBegin()) return;
    return this.#inner.commitTransaction(conn.inner);
  }

  // The unwrapped connection, so that kysely's driver can discard it when ROLLBACK fails.
  async rollbackTransaction(conn: DatabaseConnection): Promise<void> {
    if (!(conn instanceof DeferredBeginConnection)) return this.#inner.rollbackTransaction(conn);
    if (conn.dropPendingBegin()) return;
    return this.#inner.rollbackTransaction(conn.inner);
  }

  async savepoint(conn: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']) {
    await this.#inner.savepoint?.(conn, name, compile);
  }

  async rollbackToSavepoint(conn: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']) {
    await this.#inner.rollbackToSavepoint?.(conn, name, compile);
  }

  async releaseSavepoint(conn: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']) {
    await this.#inner.releaseSavepoint?.(conn, name, compile);
  }

  releaseConnection(conn: DatabaseConnection): Promise<void> {
    if (!(conn instanceof DeferredBeginConnection)) return this.#inner.releaseConnection(conn);
    conn.dropPendingBegin();
    return this.#inner.releaseConnection(conn.inner);
  }

  destroy(): Promise<void> {
    return this.#inner.destroy();
  }
}

/** Options of {@link DeferredBeginPostgresDialect}. */
export interface DeferredBeginDialectConfig extends PostgresDialectConfig {
  /** The pool's clients run in pg's pipeline mode, so queries issued together leave together. */
  readonly pipelined?: boolean;
}

/** kysely's PostgresDialect whose transactions send BEGIN with their first statement. */
export class DeferredBeginPostgresDialect extends PostgresDialect {
  readonly #pipelined: boolean;

  constructor(config: DeferredBeginDialectConfig) {
    super(config);
    this.#pipelined = config.pipelined === true;
  }

  override createDriver(): Driver {
    return new DeferredBeginDriver(super.createDriver(), this.#pipelined);
  }
}
