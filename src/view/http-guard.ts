import { networkInterfaces } from 'node:os';

/**
 * Headers on every response: the page may load only its own scripts and styles, nothing can frame it, and browsers
 * must not guess content types. Model output is inserted as text, so even without this an injected `<script>` would
 * not run; the policy is the second lock.
 */
export const securityHeaders: Readonly<Record<string, string>> = {
  'Content-Security-Policy': "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

const loopbackHosts = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);
const wildcardHosts = new Set(['0.0.0.0', '::', '[::]']);

/** Whether an address is on this machine only. */
export function isLoopbackHost(host: string): boolean {
  return loopbackHosts.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host);
}

const bracket = (host: string) => (host.includes(':') && !host.startsWith('[') ? `[${host}]` : host);

/**
 * The `Host` header values the server answers to: the bound host and port, its loopback spellings when bound to
 * loopback, and the machine's own addresses when bound to every interface. Anything else is refused, so a web page
 * whose domain was re-pointed at 127.0.0.1 (DNS rebinding) cannot read the runs.
 */
export function allowedHostHeaders(options: { host: string; port: number }): Set<string> {
  const { host, port } = options;
  const names = new Set<string>([host]);
  if (isLoopbackHost(host)) for (const name of ['127.0.0.1', 'localhost', '::1']) names.add(name);
  if (wildcardHosts.has(host)) {
    for (const name of ['127.0.0.1', 'localhost', '::1']) names.add(name);
    for (const addresses of Object.values(networkInterfaces())) for (const address of addresses ?? []) names.add(address.address);
  }
  return new Set([...names].map((name) => `${bracket(name)}:${port}`.toLowerCase()));
}
