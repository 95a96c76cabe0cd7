/**
 * The one door to the database, as an interface. Everything above `db/` talks to this;
 * only `db/duckdb.ts` implements it for the browser (and a Node implementation in tests).
 */

/** A value that may be bound to a `?` placeholder. */
export type SqlValue = string | number | boolean | null;

/** SQL text with `?` placeholders and the values bound to them, in order. */
export interface Query {
	sql: string;
	params: SqlValue[];
}

/** Rows as plain objects; BIGINT arrives as number, DATE/TIMESTAMP as epoch ms. */
export type Row = Record<string, unknown>;

export interface DbClient {
	/** Run a query and return its rows as plain JS objects. */
	query<T extends Row = Row>(q: Query | string): Promise<T[]>;
	/** Run statements that return nothing (DDL, INSERT ... SELECT). */
	exec(sql: string): Promise<void>;
	/** Append Arrow IPC stream bytes to `table`, creating it when `create` is true. */
	insertArrowIPC(table: string, ipc: Uint8Array, opts: { create: boolean }): Promise<void>;
}
