/**
 * Dropped files in a shared view: the `files` parameter of both pages. A file itself never
 * goes into the URL, only its name, size and content hash (`FileRef`), so that the page
 * can ask for the same files and tell which one is missing or different. One codec for
 * both pages, so a file record reads the same wherever it appears.
 */
import {
	escapeField,
	formatNumber,
	joinRecords,
	parseWhole,
	show,
	splitRecords,
	textProblem,
	unescapeField
} from './text';
import type { FileRef } from './types';

/** Most files one link may list, and the longest `files` value read. */
export const MAX_FILES = 2000;
export const MAX_FILES_CHARS = 500_000;
export const MAX_FILE_NAME_CHARS = 255;
/** Shortest and longest hex prefix of a SHA-256 a `FileRef` may carry. */
export const MIN_HASH_DIGITS = 8;
export const MAX_HASH_DIGITS = 64;

/** `name~size~sha256` per file, joined by `*`. */
export function encodeFiles(files: readonly FileRef[]): string {
	return joinRecords(
		files.map((f) => [escapeField(f.name), formatNumber(f.size), escapeField(f.sha256)])
	);
}

function isHex(text: string): boolean {
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return false;
	}
	return true;
}

/** The files of a `files` value, or the first thing wrong with it in words. */
export function decodeFiles(value: string): { files: FileRef[] } | { error: string } {
	if (value.length > MAX_FILES_CHARS) {
		return { error: `is ${value.length} characters long, more than ${MAX_FILES_CHARS}` };
	}
	const records = splitRecords(value);
	if (records.length > MAX_FILES) {
		return { error: `lists ${records.length} files, more than ${MAX_FILES}` };
	}
	const files: FileRef[] = [];
	for (let i = 0; i < records.length; i++) {
		const f = records[i];
		const at = `file ${i + 1}`;
		if (f.length !== 3) return { error: `${at} has ${f.length} fields, not 3 (name~size~sha256)` };
		const name = unescapeField(f[0]);
		if (name === null) {
			return { error: `${at} name ${show(f[0])} has a % that is not %25, %7E or %2A` };
		}
		const why = textProblem(name, MAX_FILE_NAME_CHARS);
		if (why) return { error: `${at} name ${show(name)} ${why}` };
		const size = parseWhole(f[1], 0, Number.MAX_SAFE_INTEGER);
		if (size === null)
			return { error: `${at} (${show(name)}) size ${show(f[1])}: not a byte count` };
		const hash = f[2];
		if (hash.length < MIN_HASH_DIGITS || hash.length > MAX_HASH_DIGITS || !isHex(hash)) {
			return {
				error: `${at} (${show(name)}) sha256 ${show(hash)}: must be ${MIN_HASH_DIGITS} to ${MAX_HASH_DIGITS} lowercase hex digits`
			};
		}
		files.push({ name, size, sha256: hash });
	}
	return { files };
}
