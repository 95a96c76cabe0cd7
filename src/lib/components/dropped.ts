/**
 * Files out of a drop or a file input, with their paths relative to the drop: the
 * wearables ingest reads device and day from them (`2021/02/04/device_015/temperature.csv`),
 * the counter files name stores by them. Dropped folders are walked through
 * `webkitGetAsEntry()`; a folder input gives `webkitRelativePath`. Both drop zones use it.
 * Browser-only (File and Entry APIs); nothing is read here, only listed.
 */

/** A dropped or picked file and the relative path it was found at. */
export interface DroppedSource {
	path: string;
	file: File;
}

/** The sources of a `<input type=file>`: its relative path where it has one, else the name. */
export function inputSources(files: FileList | null): DroppedSource[] {
	return [...(files ?? [])].map((file) => ({ path: file.webkitRelativePath || file.name, file }));
}

function entryFile(entry: FileSystemFileEntry): Promise<File> {
	return new Promise((resolve, reject) => entry.file(resolve, reject));
}

/** Every entry of a directory: `readEntries` answers in pages until it answers none. */
async function readAll(dir: FileSystemDirectoryEntry): Promise<FileSystemEntry[]> {
	const reader = dir.createReader();
	const all: FileSystemEntry[] = [];
	for (;;) {
		const page = await new Promise<FileSystemEntry[]>((resolve, reject) =>
			reader.readEntries(resolve, reject)
		);
		if (page.length === 0) return all;
		all.push(...page);
	}
}

/** The files under `entry`, with paths relative to the drop (`fullPath` without its `/`). */
async function walk(entry: FileSystemEntry, out: DroppedSource[], failed: string[]) {
	const path = entry.fullPath.replace(/^\/+/, '') || entry.name;
	try {
		if (entry.isFile) {
			out.push({ path, file: await entryFile(entry as FileSystemFileEntry) });
		} else if (entry.isDirectory) {
			for (const child of await readAll(entry as FileSystemDirectoryEntry)) {
				await walk(child, out, failed);
			}
		}
	} catch {
		failed.push(path);
	}
}

/**
 * The files of a drop, folders walked recursively. Entries must be taken while the drop
 * event runs, so call this synchronously from the handler (it awaits only afterwards).
 * `failed` lists paths the browser would not open.
 */
export function droppedSources(
	data: DataTransfer | null
): Promise<{ sources: DroppedSource[]; failed: string[] }> {
	const entries: FileSystemEntry[] = [];
	const loose: File[] = [];
	for (const item of [...(data?.items ?? [])]) {
		if (item.kind !== 'file') continue;
		const entry = item.webkitGetAsEntry?.();
		if (entry) entries.push(entry);
		else {
			const f = item.getAsFile();
			if (f) loose.push(f);
		}
	}
	if (entries.length === 0 && loose.length === 0 && data?.files) loose.push(...data.files);
	return (async () => {
		const sources: DroppedSource[] = loose.map((file) => ({ path: file.name, file }));
		const failed: string[] = [];
		for (const entry of entries) await walk(entry, sources, failed);
		return { sources, failed };
	})();
}
