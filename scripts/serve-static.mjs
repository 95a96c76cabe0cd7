// A small static file server for the built site, used by the browser tests and the
// page-load benchmark. It serves `root` under `base` (e.g. '/sub') and nothing else.
// Like a real static host it sends an ETag (and answers a matching If-None-Match with
// 304) and marks the content-hashed files under `_app/immutable/` as immutable; other
// files must be revalidated. Every request it answers is recorded in `requests` (path,
// status, body bytes sent), so a test can tell what reached the network and what a
// service worker or the HTTP cache answered.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';

/** @type {Record<string, string>} */
const TYPES = {
	'.html': 'text/html; charset=utf-8',
	'.js': 'text/javascript; charset=utf-8',
	'.mjs': 'text/javascript; charset=utf-8',
	'.css': 'text/css; charset=utf-8',
	'.json': 'application/json',
	'.wasm': 'application/wasm',
	'.svg': 'image/svg+xml',
	'.png': 'image/png',
	'.csv': 'text/csv; charset=utf-8',
	'.zip': 'application/zip',
	'.txt': 'text/plain; charset=utf-8',
	'.webmanifest': 'application/manifest+json'
};

/**
 * @typedef {{ method: string, path: string, status: number, bytes: number }} LoggedRequest
 * @typedef {{
 *   url: string,
 *   requests: LoggedRequest[],
 *   close: () => Promise<void>
 * }} StaticServer
 */

/**
 * @param {{
 *   root: string,
 *   base?: string,
 *   port?: number,
 *   headers?: Record<string, string> | ((path: string) => Record<string, string>)
 * }} opts `headers` are added to every file's answer (e.g. security headers a host adds);
 *   as a function, they depend on the request's path.
 * @returns {Promise<StaticServer>}
 */
export async function serveStatic({ root, base = '', port = 0, headers = {} }) {
	const dir = resolve(root);
	/** @type {LoggedRequest[]} */
	const requests = [];
	const server = createServer(async (req, res) => {
		// Prefixing the origin keeps a path such as `//x` a path (not a host), and a bad
		// escape (`/%E0%A4%A`) is a 400, not a crash of the server.
		let url;
		let path = '';
		try {
			url = new URL(`http://x${req.url?.startsWith('/') ? req.url : '/'}`);
			path = decodeURIComponent(url.pathname);
		} catch {
			url = null;
		}
		const entry = {
			method: req.method ?? 'GET',
			path: url ? url.pathname + url.search : (req.url ?? ''),
			status: 0,
			bytes: 0
		};
		requests.push(entry);
		/** @param {number} status @param {string} text */
		const fail = (status, text) => {
			entry.status = status;
			entry.bytes = text.length;
			send(res, status, text);
		};
		if (!url) return fail(400, 'bad request');
		if (!path.startsWith(base + '/')) return fail(404, 'not found');
		let file = normalize(join(dir, path.slice(base.length)));
		if (!file.startsWith(dir)) return fail(403, 'forbidden');
		try {
			let info = await stat(file);
			if (info.isDirectory()) {
				file = join(file, 'index.html');
				info = await stat(file);
			}
			const etag = `W/"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`;
			const common = {
				etag,
				'cache-control': path.startsWith(`${base}/_app/immutable/`)
					? 'public, max-age=31536000, immutable'
					: 'no-cache',
				...(typeof headers === 'function' ? headers(path) : headers)
			};
			if (req.headers['if-none-match'] === etag) {
				entry.status = 304;
				res.writeHead(304, common);
				return res.end();
			}
			const body = await readFile(file);
			res.writeHead(200, {
				'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
				'content-length': body.length,
				...common
			});
			entry.status = 200;
			entry.bytes = req.method === 'HEAD' ? 0 : body.length;
			res.end(req.method === 'HEAD' ? undefined : body);
		} catch {
			fail(404, 'not found');
		}
	});
	await new Promise((ok) => server.listen(port, '127.0.0.1', () => ok(undefined)));
	const address = server.address();
	const actualPort = typeof address === 'object' && address ? address.port : port;
	return {
		url: `http://127.0.0.1:${actualPort}${base}/`,
		requests,
		close: () =>
			new Promise((ok) => {
				server.close(() => ok());
				// Keep-alive connections of a still-open browser would hold close() up.
				server.closeAllConnections();
			})
	};
}

/**
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {string} text
 */
function send(res, status, text) {
	res.writeHead(status, { 'content-type': 'text/plain' });
	res.end(text);
}
