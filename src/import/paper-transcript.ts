import { parsePythonLiteral } from './python-literal.ts';

/** One tool call of a paper transcript, with its arguments as an object. */
export type PaperToolCall = { toolName: string; input: Record<string, unknown> };

/** One message of a paper transcript (paper-spec 9.3), normalised. */
export type PaperMessage = {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string;
  /** Provider reasoning (`reasoning_content`, or `<model_thinking>` in the content); never read by detectors. */
  reasoning: string | null;
  toolCalls: PaperToolCall[];
  /** Tool calls that could not be read (unparsable arguments): replayed as nothing, reported per transcript. */
  unreadableCalls: string[];
};

/** A paper transcript: the conversation, the paper's own evaluation record and the experiment metadata. */
export type PaperTranscript = {
  conversation: PaperMessage[];
  /** `evaluation` (older files: `task_evaluation`, `main_task_evaluation`); `null` when the file has none. */
  evaluation: Record<string, unknown> | null;
  metadata: Record<string, unknown>;
  /** When the paper's run started (`timing.start`) and how long it took, where the file says. */
  startedAt: string | null;
  durationMs: number | null;
};

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A value that may arrive as a Python or JSON literal in a string. */
function literal(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const trimmed = value.trim();
  if (!/^[[{(]/.test(trimmed)) return value;
  const parsed = parsePythonLiteral(trimmed);
  return parsed === undefined ? value : parsed;
}

function contentText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) {
    return value.map((part) => (isRecord(part) && typeof part.text === 'string' ? part.text : typeof part === 'string' ? part : '')).join('');
  }
  return JSON.stringify(value);
}

const thinking = /<model_thinking>([\s\S]*?)<\/model_thinking>/g;

function callArguments(value: unknown): Record<string, unknown> | null {
  if (value === null || value === undefined || value === '') return {};
  const parsed = literal(value);
  if (isRecord(parsed)) return parsed;
  if (typeof parsed === 'string') {
    const again = parsePythonLiteral(parsed);
    if (isRecord(again)) return again;
  }
  return null;
}

/**
 * Reads the tool calls of a message in the shapes the paper's files use: `{<tool name>: <args>}` (the released
 * format), a list of such objects, or OpenAI-style `{function: {name, arguments}}` / `{name, arguments}` entries.
 * Arguments may be objects, JSON strings or Python literals.
 */
function readToolCalls(value: unknown): { calls: PaperToolCall[]; unreadable: string[] } {
  const calls: PaperToolCall[] = [];
  const unreadable: string[] = [];
  const add = (name: unknown, args: unknown) => {
    const toolName = String(name);
    const input = callArguments(args);
    if (input === null) unreadable.push(`${toolName}: arguments ${JSON.stringify(args).slice(0, 80)} are not an object`);
    else calls.push({ toolName, input });
  };
  const visit = (entry: unknown) => {
    const item = literal(entry);
    if (item === null || item === undefined) return;
    if (Array.isArray(item)) {
      for (const each of item) visit(each);
      return;
    }
    if (!isRecord(item)) {
      unreadable.push(`tool calls ${JSON.stringify(item).slice(0, 80)} are not an object`);
      return;
    }
    if (isRecord(item.function) && typeof item.function.name === 'string') return add(item.function.name, item.function.arguments);
    if (typeof item.name === 'string' && ('arguments' in item || 'args' in item || 'input' in item)) {
      return add(item.name, item.arguments ?? item.args ?? item.input);
    }
    for (const [name, args] of Object.entries(item)) add(name, args);
  };
  visit(value);
  return { calls, unreadable };
}

const roles = new Set(['system', 'user', 'assistant', 'tool']);

/**
 * Normalises a paper transcript object; a problem names the field that is wrong. Only the conversation is required:
 * files without an evaluation record are replayed and counted as having nothing to compare.
 */
export function readPaperTranscript(value: unknown): { transcript: PaperTranscript } | { problem: string } {
  if (!isRecord(value)) return { problem: 'not a JSON object' };
  if (!Array.isArray(value.conversation)) return { problem: 'no "conversation" list' };
  const conversation: PaperMessage[] = [];
  for (const [index, raw] of value.conversation.entries()) {
    if (!isRecord(raw)) return { problem: `conversation.${index}: not an object` };
    const role = String(raw.role ?? '');
    if (!roles.has(role)) return { problem: `conversation.${index}.role: "${role}" is not system, user, assistant or tool` };
    let content = contentText(raw.content);
    const reasoning: string[] = typeof raw.reasoning_content === 'string' && raw.reasoning_content !== '' ? [raw.reasoning_content] : [];
    content = content.replace(thinking, (_whole, inner: string) => {
      reasoning.push(inner.trim());
      return '';
    }).trim();
    const { calls, unreadable } = role === 'assistant' ? readToolCalls(raw.tool_calls) : { calls: [], unreadable: [] };
    conversation.push({
      role: role as PaperMessage['role'],
      content,
      reasoning: reasoning.length > 0 ? reasoning.join('\n\n') : null,
      toolCalls: calls,
      unreadableCalls: unreadable,
    });
  }
  const evaluationValue = literal(value.evaluation ?? value.task_evaluation ?? value.main_task_evaluation ?? null);
  const metadataValue = literal(value.experiment_metadata ?? value.metadata ?? value.meta ?? {});
  const timing = isRecord(value.timing) ? value.timing : {};
  const start = typeof timing.start === 'number' ? new Date(timing.start * 1000) : typeof timing.start === 'string' ? new Date(timing.start) : null;
  const duration = Number(timing.duration);
  return {
    transcript: {
      conversation,
      evaluation: isRecord(evaluationValue) ? evaluationValue : null,
      metadata: isRecord(metadataValue) ? metadataValue : {},
      startedAt: start !== null && !Number.isNaN(start.getTime()) ? start.toISOString() : null,
      durationMs: Number.isFinite(duration) && duration >= 0 ? Math.round(duration * 1000) : null,
    },
  };
}
