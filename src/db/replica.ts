/**
 * Reads from a PostgreSQL read replica (DATABASE_REPLICA_URL). A Kysely driver that holds the
 * primary's driver and the replica's and chooses per statement: a read (a SELECT, or raw SQL that
 * starts with SELECT or WITH and writes nothing) outside a transaction, in a request that runs
 * `withReplicaReads` (the public pages and the API, for visitors who are not signed in), goes to
 * the replica; everything else, every statement of a transaction included, goes to the primary.
 * A replica that cannot be reached is left for the primary until the next request, and said once.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type {
  CompiledQuery,
  DatabaseConnection,
  Driver,
  QueryCompiler,
  QueryResult,
  TransactionSettings,
} from 'kysely';

const reading = new AsyncLocalStorage<boolean>();

/** Runs `fn` (a read-only request) with its reads sent to the replica, where there is one. */
export function withReplicaReads<T>(fn: () => T): T {
  return reading.run(true, fn);
}

const WRITES =
  /\b(insert|update|delete|merge|create|alter|drop|truncate|for\s+update|for\s+share)\b/i;

/** Whether a statement only reads. */
export function isReadStatement(query: CompiledQuery): boolean {
  if (query.query.kind === 'SelectQueryNode') return true;
  if (query.query.kind !== 'RawNode') return false;
  return /^\s*(select|with)\b/i.test(query.sql) && !WRITES.test(query.sql);
}

/** Which database the statements of a request were answered by (for tests and the log). */
export interface ReplicaCounts {
  replica: number;
  primary: number;
}

/** A connection that takes a primary or a replica connection, each only when a statement needs it. */
class RoutingConnection implements DatabaseConnection {
  #primary?: DatabaseConnection;
  #replica?: DatabaseConnection;
  inTransaction = false;

  constructor(private readonly driver: RoutingDriver) {}

  async primary(): Promise<DatabaseConnection> {
    this.#primary ??= await this.driver.primary.acquireConnection();
    return this.#primary;
  }

  async #target(query: CompiledQuery): Promise<DatabaseConnection> {
    if (this.inTransaction || !reading.getStore() || !isReadStatement(query)) return this.primary();
    if (!this.#replica) {
      try {
        this.#replica = await this.driver.replica.acquireConnection();
      } catch (e) {
        this.driver.replicaFailed(e as Error);
        return this.primary();
      }
    }
    return this.#replica;
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const target = await this.#target(query);
    this.driver.counts[target === this.#replica ? 'replica' : 'primary'] += 1;
    return target.executeQuery<R>(query);
  }

  async *streamQuery<R>(
    query: CompiledQuery,
    chunkSize: number,
  ): AsyncIterableIterator<QueryResult<R>> {
    const target = await this.#target(query);
    yield* target.streamQuery<R>(query, chunkSize);
  }

  async release(): Promise<void> {
    if (this.#primary) await this.driver.primary.releaseConnection(this.#primary);
    if (this.#replica) await this.driver.replica.releaseConnection(this.#replica);
    this.#primary = undefined;
    this.#replica = undefined;
  }
}

/** The driver that routes reads to the replica (see the module's comment). */
export class RoutingDriver implements Driver {
  readonly counts: ReplicaCounts = { replica: 0, primary: 0 };
  #warned = false;

  constructor(
    readonly primary: Driver,
    readonly replica: Driver,
    private readonly onReplicaError: (error: Error) => void,
  ) {}

  replicaFailed(error: Error): void {
    if (this.#warned) return;
    this.#warned = true;
    this.onReplicaError(error);
  }

  async init(): Promise<void> {
    await this.primary.init();
    await this.replica.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    return new RoutingConnection(this);
  }

  async beginTransaction(c: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const routed = c as RoutingConnection;
    routed.inTransaction = true;
    await this.primary.beginTransaction(await routed.primary(), settings);
  }

  async commitTransaction(c: DatabaseConnection): Promise<void> {
    const routed = c as RoutingConnection;
    await this.primary.commitTransaction(await routed.primary());
    routed.inTransaction = false;
  }

  async rollbackTransaction(c: DatabaseConnection): Promise<void> {
    const routed = c as RoutingConnection;
    await this.primary.rollbackTransaction(await routed.primary());
    routed.inTransaction = false;
  }

  async savepoint(c: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']) {
    await this.primary.savepoint?.(await (c as RoutingConnection).primary(), name, compile);
  }

  async rollbackToSavepoint(
    c: DatabaseConnection,
    name: string,
    compile: QueryCompiler['compileQuery'],
  ) {
    await this.primary.rollbackToSavepoint?.(
      await (c as RoutingConnection).primary(),
      name,
      compile,
    );
  }

  async releaseSavepoint(
    c: DatabaseConnection,
    name: string,
    compile: QueryCompiler['compileQuery'],
  ) {
    await this.primary.releaseSavepoint?.(await (c as RoutingConnection).primary(), name, compile);
  }

  async releaseConnection(c: DatabaseConnection): Promise<void> {
    await (c as RoutingConnection).release();
  }

  async destroy(): Promise<void> {
    await this.primary.destroy();
    await this.replica.destroy();
  }
}
