/**
 * Table names, the `stores` table, and the settings every DuckDB instance runs at start.
 *
 * `readings` itself is created by the first `insertArrowIPC('readings', ipc, {create:true})`
 * (columns from `src/lib/arrow/readings.ts`); `readingsTableSql()` creates the same empty
 * table for callers that want to append only.
 */
import type { StoreParams } from '../../domain/footfall';
import { sqlLiteral } from './literal';

/** The raw readings as loaded from Arrow IPC. */
export const READINGS = 'readings';
/** One row per store: store_idx, name, sensors, opened. */
export const STORES = 'stores';

/** The empty `readings` table with the column types `insertArrowIPC` gives it. */
export function readingsTableSql(): string {
	return `CREATE OR REPLACE TABLE ${READINGS} (store_idx UTINYINT, sensor USMALLINT, hour INTEGER, count INTEGER, truth UTINYINT)`;
}

/** `YYYY-MM-DDTHH:mm` (or with `:ss`) -> a TIMESTAMP literal; throws on anything else. */
export function timestampLiteral(s: string): string {
	const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(s);
	if (!m) throw new RangeError(`timestamp: expected YYYY-MM-DDTHH:mm, got ${JSON.stringify(s)}`);
	const [y, mo, d, h, mi, se = '00'] = m.slice(1);
	const t = new Date(Date.UTC(+y, +mo - 1, +d, +h, +mi, +se));
	if (
		t.getUTCFullYear() !== +y ||
		t.getUTCMonth() !== +mo - 1 ||
		t.getUTCDate() !== +d ||
		t.getUTCHours() !== +h ||
		t.getUTCMinutes() !== +mi ||
		t.getUTCSeconds() !== +se
	) {
		throw new RangeError(`timestamp: no such time ${s}`);
	}
	return `TIMESTAMP ${sqlLiteral(`${y}-${mo}-${d} ${h}:${mi}:${se}`)}`;
}

/**
 * `CREATE OR REPLACE TABLE stores (store_idx UTINYINT, name VARCHAR, sensors INTEGER,
 * opened TIMESTAMP)` filled from `stores` (store_idx = position in the array, as in
 * `ReadingColumns.store`). Values are escaped by `sqlLiteral`; names must be unique.
 */
export function storesTableSql(stores: readonly StoreParams[]): string {
	if (stores.length > 256) throw new RangeError('storesTableSql: at most 256 stores');
	const seen = new Set<string>();
	const values = stores.map((s, i) => {
		if (seen.has(s.name)) throw new RangeError(`storesTableSql: duplicate store ${s.name}`);
		seen.add(s.name);
		if (!Number.isInteger(s.sensors) || s.sensors < 0 || s.sensors > 65535) {
			throw new RangeError(`storesTableSql: bad sensor count for ${s.name}`);
		}
		return `(${i}, ${sqlLiteral(s.name)}, ${s.sensors}, ${timestampLiteral(s.opened)})`;
	});
	const create = `CREATE OR REPLACE TABLE ${STORES} (store_idx UTINYINT PRIMARY KEY, name VARCHAR NOT NULL UNIQUE, sensors INTEGER NOT NULL, opened TIMESTAMP NOT NULL)`;
	if (values.length === 0) return create;
	return `${create};\nINSERT INTO ${STORES} VALUES\n  ${values.join(',\n  ')}`;
}

/**
 * Settings run right after opening a database: never download or auto-load an
 * extension, and point the extension repository at `repository` (the page's own
 * origin in the browser) so that even an explicit INSTALL cannot reach the network.
 */
export function lockdownSql(repository: string): string[] {
	return [
		'SET autoinstall_known_extensions = false',
		'SET autoload_known_extensions = false',
		`SET custom_extension_repository = ${sqlLiteral(repository)}`
	];
}
