export { projectRoot, runCli, type CliResult } from './run-cli.ts';
