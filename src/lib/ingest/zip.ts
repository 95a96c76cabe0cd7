/**
 * Zips (E4 session exports, zipped device folders) opened with fflate. Entries come back
 * as files with the zip's path as their folder (`1589292378_A01A3A.zip/TEMP.csv`), so a
 * session zip groups like a session folder.
 */
import { unzipSync } from 'fflate';
import { isSystemFile } from './paths';
import type { IngestFile } from './types';

export interface Unzipped {
	files: IngestFile[];
	/** Entries over the size limit: not extracted, reported by name. */
	tooLarge: { path: string; size: number }[];
}

/** The entries of a zip, directories and OS metadata left out. Throws fflate's error. */
export function unzipEntries(zipPath: string, bytes: Uint8Array, maxEntryBytes: number): Unzipped {
	const tooLarge: { path: string; size: number }[] = [];
	const entries = unzipSync(bytes, {
		filter(info) {
			if (info.name.endsWith('/') || isSystemFile(info.name)) return false;
			if (info.originalSize > maxEntryBytes) {
				tooLarge.push({ path: `${zipPath}/${info.name}`, size: info.originalSize });
				return false;
			}
			return true;
		}
	});
	const files = Object.keys(entries)
		.sort()
		.map((name) => ({ path: `${zipPath}/${name}`, bytes: entries[name] }));
	return { files, tooLarge };
}
