// Runs inside the harness sandbox as its first process: `node model-proxy.ts SOCKET PORT [--stdin] -- COMMAND ARGS…`
// (`--stdin` hands the proxy's stdin, the user prompt, to the harness; otherwise the harness gets none). The
// sandbox has its own network namespace with only loopback, so the harness reaches the model gateway through this
// proxy: 127.0.0.1:PORT inside the sandbox, forwarded to the gateway's Unix socket mounted from the host. It then
// runs the harness and exits with its status. Imports nothing but Node's own modules.

import { spawn } from 'node:child_process';
import { connect, createServer } from 'node:net';

const argv = process.argv.slice(2);
const passStdin = argv[2] === '--stdin';
if (passStdin) argv.splice(2, 1);
const [socketPath, portText, separator, command, ...args] = argv;
if (socketPath === undefined || portText === undefined || separator !== '--' || command === undefined) {
  process.stderr.write('usage: model-proxy.ts SOCKET PORT [--stdin] -- COMMAND [ARGS…]\n');
  process.exit(2);
}

const server = createServer((client) => {
  const upstream = connect({ path: socketPath });
  client.pipe(upstream);
  upstream.pipe(client);
  client.on('error', () => upstream.destroy());
  upstream.on('error', () => client.destroy());
  client.on('close', () => upstream.destroy());
  upstream.on('close', () => client.destroy());
});

server.listen(Number(portText), '127.0.0.1', () => {
  const child = spawn(command, args, { stdio: [passStdin ? 'inherit' : 'ignore', 'inherit', 'inherit'] });
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(signal, () => child.kill(signal));
  child.on('error', (error) => {
    process.stderr.write(`model-proxy: cannot start ${command}: ${error.message}\n`);
    process.exit(127);
  });
  child.on('exit', (code, signal) => {
    server.close();
    process.exit(code ?? (signal === null ? 1 : 128));
  });
});
