/**
 * The one place where values become SQL text. Builders bind values as `?` parameters;
 * only where DuckDB cannot bind (DDL, SET, the "SQL behind the view" display) are values
 * written into the text, and then only through `sqlLiteral`.
 */
import type { Query, SqlValue } from '../client';

/**
 * A value as a DuckDB literal: strings single-quoted with `'` doubled (DuckDB's standard
 * strings treat backslashes literally, so that is the only escape), finite numbers as
 * written, booleans as TRUE/FALSE, null as NULL. Throws on NaN, Infinity and on strings
 * containing NUL, which DuckDB would cut short.
 */
export function sqlLiteral(v: SqlValue): string {
	if (v === null) return 'NULL';
	if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
	if (typeof v === 'number') {
		if (!Number.isFinite(v)) throw new RangeError(`sqlLiteral: not a finite number: ${v}`);
		// String(-0) is "0"; exponents like 1e-7 are valid DuckDB numeric literals.
		return String(v);
	}
	if (typeof v === 'string') {
		if (v.includes('\0')) throw new RangeError('sqlLiteral: NUL character in string');
		return `'${v.replaceAll("'", "''")}'`;
	}
	throw new TypeError(`sqlLiteral: unsupported value of type ${typeof v}`);
}

/** `YYYY-MM-DD` checked as a real calendar date; throws otherwise. */
export function checkDate(s: string, what = 'date'): string {
	const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
	if (!m) throw new RangeError(`${what}: expected YYYY-MM-DD, got ${JSON.stringify(s)}`);
	const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
	if (d.getUTCFullYear() !== +m[1] || d.getUTCMonth() !== +m[2] - 1 || d.getUTCDate() !== +m[3]) {
		throw new RangeError(`${what}: no such day ${s}`);
	}
	return s;
}

/**
 * Inline the parameters of a query for display ("the SQL behind the view"). `?` inside
 * string literals, quoted identifiers and comments is left alone. Throws when the number
 * of placeholders and parameters differ. The result is valid SQL that returns the same
 * rows as the bound query.
 */
export function toDisplaySql(q: Query): string {
	const { sql, params } = q;
	let out = '';
	let k = 0;
	let i = 0;
	while (i < sql.length) {
		const c = sql[i];
		if (c === "'" || c === '"') {
			let j = i + 1;
			for (;;) {
				if (j >= sql.length) throw new SyntaxError('toDisplaySql: unterminated quote');
				if (sql[j] === c) {
					if (sql[j + 1] === c) j += 2;
					else break;
				} else j++;
			}
			out += sql.slice(i, j + 1);
			i = j + 1;
		} else if (c === '-' && sql[i + 1] === '-') {
			const j = sql.indexOf('\n', i);
			const end = j < 0 ? sql.length : j;
			out += sql.slice(i, end);
			i = end;
		} else if (c === '/' && sql[i + 1] === '*') {
			const j = sql.indexOf('*/', i + 2);
			if (j < 0) throw new SyntaxError('toDisplaySql: unterminated comment');
			out += sql.slice(i, j + 2);
			i = j + 2;
		} else if (c === '?') {
			if (k >= params.length) throw new RangeError('toDisplaySql: more ? than parameters');
			out += sqlLiteral(params[k++]);
			i++;
		} else {
			out += c;
			i++;
		}
	}
	if (k !== params.length) {
		throw new RangeError(`toDisplaySql: ${params.length} parameters for ${k} placeholders`);
	}
	return out;
}
