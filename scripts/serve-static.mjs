// A small static file server for the built site, used by the browser tests and the
// page-load benchmark. It serves `root` under `base` (e.g. '/sub') and nothing else.
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
 * @param {{ root: string, base?: string, port?: number }} opts
 * @returns {Promise<{ url: string, close: () => Promise<void> }>}
 */
export async function serveStatic({ root, base = '', port = 0 }) {
	const dir = resolve(root);
	const server = createServer(async (req, res) => {
		const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
		if (!path.startsWith(base + '/')) return send(res, 404, 'not found');
		let file = normalize(join(dir, path.slice(base.length)));
		if (!file.startsWith(dir)) return send(res, 403, 'forbidden');
		try {
			if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
			const body = await readFile(file);
			res.writeHead(200, {
				'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
				'content-length': body.length,
				'cache-control': 'no-cache'
			});
			res.end(req.method === 'HEAD' ? undefined : body);
		} catch {
			send(res, 404, 'not found');
		}
	});
	await new Promise((ok) => server.listen(port, '127.0.0.1', () => ok(undefined)));
	const address = server.address();
	const actualPort = typeof address === 'object' && address ? address.port : port;
	return {
		url: `http://127.0.0.1:${actualPort}${base}/`,
		close: () => new Promise((ok) => server.close(() => ok()))
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
