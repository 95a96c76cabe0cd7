/**
 * The text of one column of a table, row by row. The wearables' table reader turns ISO
 * times into UTC instants and drops their offsets, which a counter file needs (a repeated
 * autumn hour differs from its twin only by its offset). This reads that one column's
 * cells again: CSV/TSV with the same row rules as `parseDelimited` (RFC 4180 quotes, blank
 * lines skipped, a header line first), JSON arrays and NDJSON by their records.
 */
import { bomLength, decode, NL } from '../bytes';
import type { TableFormat } from '../types';

const QUOTE = 34;

/** Cells of column `col` (0-based) of every data row of a CSV/TSV; '' where a row is short. */
export function delimitedColumnTexts(bytes: Uint8Array, delimiter: string, col: number): string[] {
	const delim = delimiter.charCodeAt(0);
	const n = bytes.length;
	const out: string[] = [];
	let i = bomLength(bytes);
	let header = true;
	while (i < n) {
		// blank line (spaces, CR, tabs unless tab-separated)
		let b = i;
		while (b < n && (bytes[b] === 32 || bytes[b] === 13 || (bytes[b] === 9 && delim !== 9))) b++;
		if (b >= n) break;
		if (bytes[b] === NL) {
			i = b + 1;
			continue;
		}
		let c = 0;
		let cell = '';
		for (;;) {
			let s = i;
			while (s < n && bytes[s] === 32) s++;
			let text: string | null = null;
			if (s < n && bytes[s] === QUOTE) {
				let j = s + 1;
				while (j < n) {
					if (bytes[j] === QUOTE) {
						if (j + 1 < n && bytes[j + 1] === QUOTE) {
							j += 2;
							continue;
						}
						break;
					}
					j++;
				}
				if (c === col) text = decode(bytes, s + 1, Math.min(j, n)).replace(/""/g, '"');
				i = j + 1;
				while (i < n && bytes[i] !== delim && bytes[i] !== NL) i++;
			} else {
				let j = i;
				while (j < n && bytes[j] !== delim && bytes[j] !== NL) j++;
				if (c === col) text = decode(bytes, i, j);
				i = j;
			}
			if (text !== null) cell = text.trim();
			c++;
			if (i < n && bytes[i] === delim) {
				i++;
				continue;
			}
			i++;
			break;
		}
		if (header) header = false;
		else out.push(cell);
	}
	return out;
}

/** The values of field `name` of every record of a JSON array or NDJSON file, as text. */
export function recordFieldTexts(
	bytes: Uint8Array,
	format: Extract<TableFormat, 'json' | 'ndjson'>,
	name: string
): string[] {
	const text = decode(bytes, bomLength(bytes));
	const asText = (v: unknown) =>
		v === null || v === undefined ? '' : typeof v === 'string' ? v.trim() : String(v);
	if (format === 'json') {
		let value: unknown = JSON.parse(text);
		if (value && typeof value === 'object' && !Array.isArray(value)) {
			value = Object.values(value).find((v) => Array.isArray(v));
		}
		if (!Array.isArray(value)) return [];
		return value
			.filter((r) => r && typeof r === 'object' && !Array.isArray(r))
			.map((r) => asText((r as Record<string, unknown>)[name]));
	}
	const out: string[] = [];
	for (const line of text.split('\n')) {
		const t = line.trim();
		if (t === '') continue;
		try {
			const r = JSON.parse(t);
			if (r && typeof r === 'object' && !Array.isArray(r)) out.push(asText(r[name]));
		} catch {
			// not a record: the table reader skipped it too
		}
	}
	return out;
}
