/**
 * Registers the service worker (src/service-worker.ts) a few seconds after the page has
 * loaded rather than at `load` (SvelteKit's default, switched off in svelte.config.js):
 * its first install copies the whole site, DuckDB's 34 MB wasm included, into the cache,
 * and that should not compete with the first chart.
 */
import { dev } from '$app/environment';
import { base } from '$app/paths';

/** After `load`; the first chart appears about 2-3 s after opening on a 2-core machine. */
const REGISTER_DELAY_MS = 3000;

export function init(): void {
	if (!('serviceWorker' in navigator)) return;
	const register = () =>
		setTimeout(() => {
			navigator.serviceWorker
				// In development the worker is an ES module served by Vite.
				.register(`${base}/service-worker.js`, { type: dev ? 'module' : 'classic' })
				.catch((e: unknown) => console.warn('The service worker was not registered:', e));
		}, REGISTER_DELAY_MS);
	if (document.readyState === 'complete') register();
	else addEventListener('load', register, { once: true });
}
