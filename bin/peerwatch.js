#!/usr/bin/env node
// Entry point for `npx peerwatch`. The CLI is TypeScript run by Node 24's type stripping, so refuse older Node
// with a clear message instead of a syntax error.
const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  process.stderr.write(
    `peerwatch needs Node 24 or newer (this is ${process.version}). Run it through npm (npx peerwatch, npm run peerwatch), ` +
      `which puts the project's Node 24 first on PATH.\n`,
  );
  process.exit(2);
}
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
