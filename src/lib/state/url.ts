/**
 * The page's address as the state sees it: read the query, write a new one as a new
 * history entry (`push`) or in place of the current one (`replace`), and hear Back and
 * Forward (`onPop`). The rune class is given one of these (injected, as evidence-dev's
 * filter system is given its URL reader/writer), so it runs in Node against
 * `memoryUrl` and in the page against `historyUrl`. No Svelte, no `$app` here: the page
 * passes SvelteKit's `pushState` / `replaceState` in.
 */

/** Reads and writes the query of the page's address. */
export interface UrlPort {
	/** The current query. */
	read(): URLSearchParams;
	/** A new history entry with `query` (no `?`; '' for the bare path). */
	push(query: string): void;
	/** The current history entry's query becomes `query`. */
	replace(query: string): void;
	/** `listener` runs after Back or Forward changed the address; returns the unsubscribe. */
	onPop(listener: () => void): () => void;
}

/** How the page writes history: SvelteKit's shallow-routing `pushState` / `replaceState`. */
export interface HistoryWriter {
	pushState(url: URL, state: Record<string, never>): void;
	replaceState(url: URL, state: Record<string, never>): void;
}

/** The current address with its query set to `query` (the path and hash are kept). */
function withQuery(query: string): URL {
	const url = new URL(window.location.href);
	url.search = query;
	return url;
}

/**
 * The browser's address. Writes go through `writer` (SvelteKit's shallow routing, so its
 * router keeps its own bookkeeping of history entries and a later Back from another
 * page still lands here); should the router refuse (it does before it has started, in
 * development), the entry is written with `history` directly, keeping the router's
 * state object. `onPop` listens to `popstate`, which the router does not swallow.
 */
export function historyUrl(writer: HistoryWriter): UrlPort {
	return {
		read: () => new URLSearchParams(window.location.search),
		push(query) {
			const url = withQuery(query);
			try {
				writer.pushState(url, {});
			} catch {
				history.pushState(history.state, '', url);
			}
		},
		replace(query) {
			const url = withQuery(query);
			try {
				writer.replaceState(url, {});
			} catch {
				history.replaceState(history.state, '', url);
			}
		},
		onPop(listener) {
			const handler = () => listener();
			window.addEventListener('popstate', handler);
			return () => window.removeEventListener('popstate', handler);
		}
	};
}

/** An in-memory history: the default in Node (nothing reads it) and the fake of tests. */
export interface MemoryUrl extends UrlPort {
	/** Every entry's query, oldest first. */
	readonly entries: readonly string[];
	/** Index of the current entry in `entries`. */
	readonly index: number;
	/** The current entry's query. */
	readonly query: string;
	/** Back (`-1`), Forward (`1`), or further, as the browser's `history.go`; fires `onPop`. */
	go(delta: number): void;
}

/** `initial` is the query the page opened with (with or without `?`). */
export function memoryUrl(initial = ''): MemoryUrl {
	let entries = [initial.replace(/^\?/, '')];
	let index = 0;
	const listeners = new Set<() => void>();
	return {
		get entries() {
			return entries;
		},
		get index() {
			return index;
		},
		get query() {
			return entries[index];
		},
		read: () => new URLSearchParams(entries[index]),
		push(query) {
			entries = [...entries.slice(0, index + 1), query];
			index = entries.length - 1;
		},
		replace(query) {
			entries = entries.map((q, i) => (i === index ? query : q));
		},
		onPop(listener) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
		go(delta) {
			const to = index + delta;
			if (delta === 0 || to < 0 || to >= entries.length) return;
			index = to;
			for (const listener of [...listeners]) listener();
		}
	};
}
