// A query queue for @electric-sql/pglite-socket 0.2.17's PGLiteSocketServer that keeps each connection's protocol
// messages together. PGlite runs one session; the stock queue hands it one message at a time from whichever
// connection is next, so two connections using the extended protocol (Parse, Bind, Execute, Sync) at once interleave
// and answer each other's queries ("unnamed prepared statement does not exist", results delivered to the wrong
// client: electric-sql/pglite#1046). Here a connection owns the session from its first message until the end of the
// unit it started (Sync, a simple Query, Terminate), and for as long as it keeps a transaction open.
// Installed by lib/db/pglite-worker.mjs; proved by tests/integration/produce/embedded.test.ts.

/** Message types that continue a unit of the extended query protocol (or a COPY) rather than end it. */
const CONTINUES = new Set(['P', 'B', 'D', 'E', 'C', 'H', 'F', 'd'].map((c) => c.charCodeAt(0)));
const SYNC = new Uint8Array([0x53, 0, 0, 0, 4]);

export class AtomicQueryQueue {
  constructor(db) {
    this.db = db;
    this.queue = [];
    this.processing = false;
    /** the connection that owns the session: mid-unit, or inside a transaction */
    this.owner = null;
  }

  enqueue(handlerId, message, onData) {
    return new Promise((resolve, reject) => {
      this.queue.push({ handlerId, message, onData, resolve, reject });
      if (!this.processing) void this.processQueue();
    });
  }

  next() {
    if (this.owner === null) return this.queue.shift();
    const i = this.queue.findIndex((q) => q.handlerId === this.owner);
    return i === -1 ? undefined : this.queue.splice(i, 1)[0];
  }

  async processQueue() {
    if (this.processing) return;
    this.processing = true;
    try {
      for (let item = this.next(); item; item = this.next()) {
        let bytes = 0;
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(item.message, {
              onRawData: (data) => {
                bytes += data.length;
                item.onData(data);
              },
            }),
          );
          item.resolve(bytes);
        } catch (err) {
          item.reject(err);
        }
        const ends = !CONTINUES.has(item.message[0]);
        this.owner = !ends || this.db.isInTransaction() ? item.handlerId : null;
      }
    } finally {
      this.processing = false;
    }
  }

  getQueueLength() {
    return this.queue.length;
  }

  clearQueueForHandler(handlerId) {
    this.queue = this.queue.filter((q) => {
      if (q.handlerId !== handlerId) return true;
      q.reject(new Error('Handler disconnected'));
      return false;
    });
  }

  /** A connection went away: undo what it left open, so the others can go on. */
  async clearTransactionIfNeeded(handlerId) {
    if (this.owner !== handlerId) return;
    // end any half-sent extended-protocol unit, then roll back what it left open
    await this.db.runExclusive(() => this.db.execProtocolRawStream(SYNC, { onRawData: () => {} })).catch(() => undefined);
    if (this.db.isInTransaction()) await this.db.exec('ROLLBACK').catch(() => undefined);
    this.owner = null;
    void this.processQueue();
  }
}
