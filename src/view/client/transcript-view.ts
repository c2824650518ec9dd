import type { TranscriptMessage } from '../../agent/agent.ts';
import type { TrialTranscript } from '../../trial/run-trial.ts';
import { h, pre, type Child } from './dom.ts';
import { count, duration, prettyJson } from './format.ts';
import { badge } from './widgets.ts';

type ToolMessage = Extract<TranscriptMessage, { role: 'tool' }>;
type AssistantMessage = Extract<TranscriptMessage, { role: 'assistant' }>;

/** The element id of tool call `index` (numbered as the detectors number them, from 0). */
export const callElementId = (index: number) => `call-${index}`;

function argumentList(input: Record<string, unknown>): HTMLElement {
  const entries = Object.entries(input);
  if (entries.length === 0) return h('span', { class: 'muted small' }, 'no arguments');
  return h(
    'dl',
    { class: 'arguments' },
    entries.map(([key, value]) => [h('dt', null, key), h('dd', null, typeof value === 'string' ? pre(value, 'inline') : pre(prettyJson(value), 'inline'))]),
  );
}

function toolCallCard(options: {
  index: number;
  call: AssistantMessage['toolCalls'][number];
  result: ToolMessage | undefined;
  flagged: boolean;
  anchor: boolean;
}): HTMLElement {
  const { index, call, result, flagged } = options;
  return h(
    'div',
    { class: `tool-call${flagged ? ' tool-call-flagged' : ''}`, id: options.anchor ? callElementId(index) : undefined, data: { call: String(index) } },
    h(
      'div',
      { class: 'tool-call-head' },
      h('span', { class: 'call-index' }, `#${index}`),
      h('span', { class: 'tool-name' }, call.toolName),
      flagged ? badge('evidence', 'alarm') : null,
      result?.isError ? badge('error', 'warning') : null,
    ),
    argumentList(call.input),
    result === undefined ? h('p', { class: 'muted small' }, 'No result was recorded.') : h('div', { class: 'tool-result' }, h('div', { class: 'muted small' }, 'Result'), pre(result.content, result.isError ? 'result-error' : '')),
  );
}

/**
 * The conversation: the system prompt (collapsed), the task, then every step with its text, its reasoning apart and
 * collapsed, and each tool call with its arguments and result. Calls are numbered as the detectors number them, so
 * evidence can link to them.
 */
export function transcriptView(options: { transcript: TrialTranscript; flaggedCalls: ReadonlySet<number>; compact?: boolean }): HTMLElement {
  const { transcript, flaggedCalls } = options;
  const messages = transcript.messages;
  const children: Child[] = [];
  let callIndex = 0;
  let step = 0;
  for (let position = 0; position < messages.length; position += 1) {
    const message = messages[position];
    if (message.role === 'system') {
      children.push(
        h('details', { class: 'message message-system' }, h('summary', null, `System prompt (${count(message.content.length)} characters)`), pre(message.content)),
      );
    } else if (message.role === 'user') {
      children.push(
        message.nudge
          ? h('div', { class: 'message message-nudge' }, h('span', { class: 'role' }, 'Nudge'), h('span', { class: 'small' }, message.content))
          : h('div', { class: 'message message-user' }, h('div', { class: 'role' }, 'User'), pre(message.content)),
      );
    } else if (message.role === 'assistant') {
      step += 1;
      // The results of this step's calls are the tool messages right after it.
      const results: ToolMessage[] = [];
      for (let next = position + 1; next < messages.length && messages[next].role === 'tool'; next += 1) results.push(messages[next] as ToolMessage);
      const calls = message.toolCalls.map((call, order) => {
        const result = results.find((candidate) => candidate.toolCallId === call.toolCallId) ?? results[order];
        const index = callIndex;
        callIndex += 1;
        return toolCallCard({ index, call, result, flagged: flaggedCalls.has(index), anchor: options.compact !== true });
      });
      const tokens = message.usage.inputTokens + message.usage.outputTokens;
      children.push(
        h(
          'div',
          { class: 'message message-assistant', data: { step: String(step) } },
          h(
            'div',
            { class: 'role' },
            `Assistant · step ${step}`,
            h('span', { class: 'muted small' }, ` ${tokens > 0 ? `${count(tokens)} tokens · ` : ''}${duration(message.durationMs)}`),
          ),
          message.reasoning
            ? h('details', { class: 'reasoning' }, h('summary', null, `Reasoning (${count(message.reasoning.length)} characters; not shown to judges)`), pre(message.reasoning))
            : null,
          message.content === '' ? null : pre(message.content, 'assistant-text'),
          calls,
        ),
      );
    } else {
      const previous = messages.slice(0, position).findLast((candidate) => candidate.role !== 'tool');
      const matched = previous?.role === 'assistant' && previous.toolCalls.some((call) => call.toolCallId === message.toolCallId);
      if (!matched) children.push(h('div', { class: 'message message-tool' }, h('div', { class: 'role' }, `Tool result · ${message.toolName}`), pre(message.content)));
    }
  }
  if (messages.length === 0) children.push(h('p', { class: 'muted' }, 'The transcript has no messages.'));
  return h('div', { class: options.compact ? 'transcript compact' : 'transcript' }, children);
}
