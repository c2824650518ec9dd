import { readdirSync, readFileSync } from 'node:fs';
import { stripTypeScriptTypes } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Folder of the browser code. */
export const clientDirectory = fileURLToPath(new URL('./client/', import.meta.url));

/** One file the viewer serves, ready to send. */
export type ClientAsset = { body: Buffer; contentType: string };

const contentTypes: Record<string, string> = {
  '.ts': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
};

/** Node warns once that type stripping is experimental; that is noise for a viewer's user, so only that is hidden. */
function stripQuietly(code: string): string {
  const emitWarning = process.emitWarning;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const text = typeof warning === 'string' ? warning : warning.message;
    if (text.includes('stripTypeScriptTypes')) return;
    (emitWarning as (...args: unknown[]) => void).call(process, warning, ...rest);
  }) as typeof process.emitWarning;
  try {
    return stripTypeScriptTypes(code, { mode: 'strip' });
  } finally {
    process.emitWarning = emitWarning;
  }
}

/**
 * The app's own files, read once: `index.html`, the stylesheet and the browser modules (TypeScript with the types
 * stripped, served as JavaScript). Keys are URL paths (`/`, `/assets/app.ts`). Only these are ever served, so no
 * request can reach another file.
 */
export function loadClientAssets(): Map<string, ClientAsset> {
  const assets = new Map<string, ClientAsset>();
  const names = readdirSync(clientDirectory)
    .filter((name) => /^[a-z0-9-]+\.(ts|css|html)$/.test(name) && !name.endsWith('.test.ts'))
    .sort();
  const modules = names.filter((name) => name.endsWith('.ts'));
  for (const name of names) {
    const extension = path.extname(name);
    let body = readFileSync(path.join(clientDirectory, name), 'utf8');
    if (extension === '.ts') body = stripQuietly(body);
    // Every module is announced up front, so the browser fetches them in parallel instead of import by import.
    if (name === 'index.html') body = body.replace('<!-- modulepreload -->', modules.map((module) => `<link rel="modulepreload" href="/assets/${module}">`).join('\n'));
    const key = name === 'index.html' ? '/' : `/assets/${name}`;
    assets.set(key, { body: Buffer.from(body), contentType: contentTypes[extension] });
  }
  return assets;
}
