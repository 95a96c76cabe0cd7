/**
 * The ingest worker's helper: a second worker, started by the ingest worker itself (not
 * by `src/lib/rpc`: it serves that worker only, and lives and dies with it), that reads,
 * hashes and parses the original-layout files the ingest session hands it
 * (`src/lib/ingest/helper.ts`), so a large drop uses two cores. Parts go back with their
 * arrays transferred.
 */
import * as Comlink from 'comlink';
import type { IngestSource } from './api';
import {
	helpedBuffers,
	readHelpedParts,
	subtleDigest,
	type HelpedPart,
	type IngestOptions
} from '../src/lib/ingest';

export interface IngestHelperApi {
	/** `readHelpedParts` of the files, in order (null: the ingest worker reads that one). */
	read(files: IngestSource[], options: IngestOptions): Promise<(HelpedPart | null)[]>;
}

const digest = subtleDigest(globalThis.crypto?.subtle);

const api: IngestHelperApi = {
	async read(files, options) {
		const parts = await readHelpedParts(
			files.map(({ path, file }) => ({
				path,
				size: file.size,
				lastModified: file.lastModified,
				read: async (start, end) => new Uint8Array(await file.slice(start, end).arrayBuffer())
			})),
			options,
			digest
		);
		return Comlink.transfer(parts, helpedBuffers(parts));
	}
};

Comlink.expose(api);
