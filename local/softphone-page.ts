import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { ApiResponse } from '../shared/http/api';

/**
 * The softphone's static files (local/softphone), served at `/`. They are read once at startup: a
 * handful of small files, and no path from a request ever reaches the file system.
 */

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/** The page may talk to this host only (its API and sockets), and runs no inline script. */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "connect-src 'self' ws: wss:",
  "img-src 'self' data:",
  "style-src 'self'",
  "script-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

/** Where the files are: next to this module in the sources, or back in the sources from dist/. */
function softphoneDir(): string | undefined {
  return [join(__dirname, 'softphone'), join(__dirname, '..', '..', 'local', 'softphone')].find((dir) =>
    existsSync(join(dir, 'index.html')),
  );
}

export type StaticFiles = ReadonlyMap<string, { readonly type: string; readonly body: string }>;

export function loadSoftphoneFiles(): StaticFiles {
  const dir = softphoneDir();
  const files = new Map<string, { type: string; body: string }>();
  if (!dir) return files;
  for (const name of readdirSync(dir)) {
    const type = CONTENT_TYPES[extname(name)];
    if (type) files.set(`/${name}`, { type, body: readFileSync(join(dir, name), 'utf8') });
  }
  const index = files.get('/index.html');
  if (index) files.set('/', index);
  return files;
}

/** The file at `pathname`, or undefined when there is none. */
export function serveStatic(files: StaticFiles, pathname: string): ApiResponse | undefined {
  const file = files.get(pathname);
  if (!file) return undefined;
  return {
    status: 200,
    body: file.body,
    headers: {
      'content-type': file.type,
      'cache-control': 'no-cache',
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
    },
  };
}
