// A change to several stores, made all or nothing. The archive folder makes it with intent
// records (AtomicBatch); a team archive with one PostgreSQL transaction (team/PgBatch). Stores
// stage their part into the batch of their own kind; the services only make, extend and commit.
export interface ChangeBatch {
  readonly label: string
  /** Runs `fn` once the change is made (stores update their in-memory state here). */
  afterCommit(fn: () => void): this
  /** Runs `fn` when the change failed before any of it was made (stores put back what they changed in memory). */
  ifAbandoned(fn: () => void): this
  /** Makes the change, durably and all at once. */
  commit(): Promise<void>
}
