import type { ProtocolName } from '../gateway/index.ts';

/** What an adapter needs to start one non-interactive run. Paths are as the sandboxed harness sees them. */
export type InvocationOptions = {
  /** The user prompt. */
  prompt: string;
  /** The model name the harness asks the gateway for. */
  model: string;
  /** The gateway's base URL inside the sandbox (`http://127.0.0.1:4000`), without a path. */
  baseUrl: string;
  home: string;
  workspace: string;
};

/**
 * A harness's command line, environment and configuration files (relative to its home folder); `stdin` is text the
 * harness reads on its standard input (the prompt, for harnesses that would otherwise rewrite it).
 */
export type Invocation = { args: string[]; env: Record<string, string>; files: Array<{ path: string; content: string }>; stdin?: string };

/**
 * A production agent harness: which npm package provides it, which protocol it speaks, where it reads its system
 * prompt from, and how to run it non-interactively with every permission granted (the sandbox is the boundary).
 */
export type HarnessAdapter = {
  /** Name in agent specs: `harness:<name>/<agent spec>`. */
  name: string;
  title: string;
  packageName: string;
  /** The version this adapter was written and tested against; installs pin it. */
  version: string;
  /** The command in the package's `node_modules/.bin`. */
  binary: string;
  /**
   * Install scripts the harness needs, relative to the install folder, run with Node in their own folder after a
   * scripts-off `npm install` (only these run, not every dependency's lifecycle scripts).
   */
  postInstall?: readonly string[];
  protocol: ProtocolName;
  /** The file in the workspace root the harness reads as project instructions (AGENTS.md, CLAUDE.md, …). */
  systemPromptFile: string;
  /** The model name to use when the inner agent is not a model (reference and script agents). */
  defaultModel: string;
  /** The model name to ask for, given the inner agent's model id (`null` for reference and script agents). */
  modelName: (modelId: string | null) => string;
  invocation: (options: InvocationOptions) => Invocation;
};

/** A placeholder the harnesses need in their key variables; the gateway ignores it and adds no key of its own. */
export const placeholderKey = 'sk-gateway-placeholder';
