import type { TranscriptMessage } from '../../agent/index.ts';

/** Tags some models and harnesses wrap hidden reasoning in; their content never reaches a judge. */
const hiddenTags = ['thinking', 'hidden_thinking', 'model_thinking', 'think', 'reasoning', 'system_instructions'];

/** Removes hidden-reasoning blocks (and an unclosed one running to the end) from a message. */
export function stripHiddenReasoning(text: string): string {
  let result = text;
  for (const tag of hiddenTags) {
    result = result.replace(new RegExp(`<${tag}>[\\s\\S]*?(</${tag}>|$)`, 'gi'), '');
  }
  return result.trim();
}

/**
 * What a judge reads of a trial (paper section 3.4): the agent's own turns and the tool calls each made, in order.
 * Tool results, the prompts and any reasoning (the `reasoning` field and thinking tags) are left out, so the judge
 * rates what the agent said and did, not what it was shown or thought.
 */
export function judgeTranscript(messages: readonly TranscriptMessage[]): string {
  const turns: string[] = [];
  for (const message of messages) {
    if (message.role !== 'assistant') continue;
    const text = stripHiddenReasoning(message.content);
    const calls = message.toolCalls.map((call) => `${call.toolName}(${JSON.stringify(call.input)})`);
    turns.push(
      [`Turn ${turns.length + 1}`, `Message: ${text === '' ? '(none)' : text}`, `Tool calls: ${calls.length === 0 ? '(none)' : calls.join(', ')}`].join('\n'),
    );
  }
  return turns.length === 0 ? '(the agent took no turns)' : turns.join('\n\n');
}
