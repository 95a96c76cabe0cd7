import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/**
 * Base path for hosting under a sub-path, e.g. `BASE_PATH=/sensors npm run build`
 * (a leading slash, no trailing one). Asset URLs are relative, so the base only
 * matters for links between pages and the service worker's scope.
 */
const base = process.env.BASE_PATH ?? '';
/** Output directory of the static site, e.g. `BUILD_DIR=build-sub` (default `build`). */
const out = process.env.BUILD_DIR || 'build';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({ pages: out, assets: out, fallback: undefined, strict: true }),
		paths: { base, relative: true },
		alias: { $workers: 'workers' },
		// src/hooks.client.ts registers src/service-worker.ts, a little after `load`.
		serviceWorker: { register: false },
		// A strict Content-Security-Policy, written into every prerendered page as a <meta>
		// tag together with the hash of SvelteKit's inline bootstrap script. Everything
		// (scripts, workers, wasm, styles) is a file of this site. 'wasm-unsafe-eval' lets
		// WebAssembly compile (DuckDB, parquet-wasm) and allows no JavaScript eval. Inline
		// style *attributes* are allowed (Svelte's `style:` values, e.g. chart tooltips);
		// inline <style> elements are not. `data:` images: the empty favicon (`data:,`)
		// that spares a favicon request. Workers take their policy from their own response,
		// not from this tag; what a host may add as headers (frame-ancestors, a policy for
		// the workers) is in README "Hosting" and test/browser/hosting.test.ts.
		csp: {
			mode: 'hash',
			directives: {
				'default-src': ['self'],
				'script-src': ['self', 'wasm-unsafe-eval'],
				'worker-src': ['self'],
				'connect-src': ['self'],
				'img-src': ['self', 'data:'],
				'style-src': ['self'],
				'style-src-attr': ['unsafe-inline'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self']
			}
		}
	}
};

export default config;
