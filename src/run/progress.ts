import { formatUsd } from './format-plan.ts';
import type { ExecutionResult, RunProgress } from './execute-plan.ts';
import type { SchedulerEvent } from './scheduler.ts';

/** `--progress`: a live status line, plain periodic lines, JSON lines, nothing, or the best for the terminal. */
export const progressModes = ['auto', 'tty', 'plain', 'json', 'none'] as const;
export type ProgressMode = (typeof progressModes)[number];

/** A stream progress is written to (stderr). */
export type ProgressStream = { write: (text: string) => unknown; isTTY?: boolean };

/**
 * The mode `auto` stands for: a live line on a terminal, plain lines otherwise (CI logs, pipes); nothing when the
 * command prints JSON on stdout, unless a mode is asked for.
 */
export function resolveProgressMode(options: { mode: ProgressMode; stream: ProgressStream; json?: boolean; env?: NodeJS.ProcessEnv }): Exclude<ProgressMode, 'auto'> {
  if (options.mode !== 'auto') return options.mode;
  if (options.json) return 'none';
  const env = options.env ?? process.env;
  return options.stream.isTTY === true && env.CI === undefined && env.TERM !== 'dumb' ? 'tty' : 'plain';
}

/** Shows a run's progress. */
export type ProgressReporter = {
  update: (progress: RunProgress) => void;
  event: (event: SchedulerEvent) => void;
  /** A line of its own (a warning, the interrupt notice), above the live line. */
  note: (text: string) => void;
  finish: (result: ExecutionResult) => void;
};

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '–';
  const total = Math.round(seconds);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const rest = total % 60;
  if (hours > 0) return `${hours}h${String(minutes).padStart(2, '0')}m`;
  if (minutes > 0) return `${minutes}m${String(rest).padStart(2, '0')}s`;
  return `${rest}s`;
}

function rateText(rate: number): string {
  return rate >= 10 ? `${Math.round(rate)}/s` : rate >= 1 ? `${rate.toFixed(1)}/s` : `${(rate * 60).toFixed(1)}/min`;
}

/**
 * A progress reporter on `stream`. `tty`: one status line redrawn at most ten times a second (done/total, rate,
 * errors, retries, spend, ETA), notes printed above it. `plain`: the same status as a line every `intervalSeconds`
 * and at the end, notes as lines. `json`: one JSON object a line for every trial and scheduler event. Colour only on
 * a terminal and never with NO_COLOR.
 */
export function createProgressReporter(options: {
  mode: Exclude<ProgressMode, 'auto'>;
  stream: ProgressStream;
  env?: NodeJS.ProcessEnv;
  intervalSeconds?: number;
  now?: () => number;
}): ProgressReporter {
  const { mode, stream } = options;
  const now = options.now ?? Date.now;
  const env = options.env ?? process.env;
  const colour = mode === 'tty' && stream.isTTY === true && (env.NO_COLOR === undefined || env.NO_COLOR === '');
  const paint = (code: string, text: string) => (colour ? `\u001b[${code}m${text}\u001b[0m` : text);
  const started = now();
  let last: RunProgress | null = null;
  let lastDraw = Number.NEGATIVE_INFINITY;
  let drawn: RunProgress | null = null;
  let lineShown = false;
  const interval = (options.intervalSeconds ?? 10) * 1000;
  const noteTimes = new Map<string, number>();

  const status = (progress: RunProgress): string => {
    const elapsed = Math.max(0.001, (now() - started) / 1000);
    const rate = progress.done / elapsed;
    const remaining = Math.max(0, progress.total - progress.done);
    const percent = progress.total === 0 ? 100 : Math.floor((100 * progress.done) / progress.total);
    const parts = [`trials ${progress.done}/${progress.total} (${percent}%)`, rateText(rate)];
    if (progress.errors > 0) parts.push(paint('31', `${progress.errors} error${progress.errors === 1 ? '' : 's'}`));
    if (progress.retries > 0) parts.push(`${progress.retries} retr${progress.retries === 1 ? 'y' : 'ies'}`);
    if (progress.spendUsd > 0) parts.push(`${formatUsd(progress.spendUsd)} spent`);
    parts.push(`ETA ${remaining === 0 ? '0s' : rate > 0 ? duration(remaining / rate) : '–'}`);
    return parts.join(' · ');
  };
  const clearLine = () => {
    if (lineShown) stream.write('\r\u001b[2K');
    lineShown = false;
  };
  const draw = (force: boolean) => {
    if (last === null) return;
    const time = now();
    if (mode === 'tty') {
      if (!force && time - lastDraw < 100) return;
      stream.write(`\r\u001b[2K${status(last)}`);
      lineShown = true;
    } else if (mode === 'plain') {
      if (!force && time - lastDraw < interval) return;
      stream.write(`${status(last)}\n`);
    } else return;
    lastDraw = time;
    drawn = last;
  };
  const note = (text: string) => {
    if (mode === 'none') return;
    if (mode === 'json') {
      stream.write(`${JSON.stringify({ type: 'note', message: text })}\n`);
      return;
    }
    clearLine();
    stream.write(`${text}\n`);
    if (mode === 'tty') draw(true);
  };
  /** A note at most once every few seconds per kind, so a storm of rate limits stays readable. */
  const throttledNote = (kind: string, text: string) => {
    const time = now();
    if (time - (noteTimes.get(kind) ?? Number.NEGATIVE_INFINITY) < 5000) return;
    noteTimes.set(kind, time);
    note(text);
  };

  return {
    update: (progress) => {
      last = progress;
      if (mode === 'json') {
        const { record } = progress;
        stream.write(
          `${JSON.stringify({
            type: 'trial',
            id: record.id,
            status: record.status,
            done: progress.done,
            total: progress.total,
            errors: progress.errors,
            retries: progress.retries,
            spendUsd: progress.spendUsd,
            running: progress.running,
          })}\n`,
        );
        return;
      }
      draw(progress.done === progress.total);
    },
    event: (event) => {
      if (mode === 'none') return;
      if (mode === 'json') {
        stream.write(`${JSON.stringify(event)}\n`);
        return;
      }
      if (event.type === 'limit') throttledNote(`limit:${event.provider}`, `${event.provider}: concurrency limit now ${event.limit}`);
      else if (event.type === 'pause') throttledNote(`pause:${event.provider}`, `${event.provider} asked to wait ${(event.milliseconds / 1000).toFixed(1)} s (Retry-After); pausing new trials`);
    },
    note,
    finish: (result) => {
      if (mode === 'json') {
        stream.write(`${JSON.stringify({ type: 'end', ...result, sequential: undefined })}\n`);
        return;
      }
      if (drawn !== last) draw(true);
      if (mode === 'tty' && lineShown) stream.write('\n');
      lineShown = false;
    },
  };
}
