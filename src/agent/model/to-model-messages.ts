import type { AssistantContent, ModelMessage, ToolResultPart } from 'ai';
import type { TranscriptMessage } from '../agent.ts';

/**
 * Converts a peerwatch conversation into AI SDK messages: the system message becomes `instructions`, tool results
 * that follow one assistant turn are grouped into one tool message. An assistant turn whose provider-specific content
 * is known (reasoning signatures, Gemini thought signatures) is sent back as the provider returned it, since some
 * providers reject tool-call turns without them; otherwise it is rebuilt from its text and tool calls.
 */
export function toModelMessages(options: {
  messages: readonly TranscriptMessage[];
  /** The provider's own content of an assistant turn, by model call id. */
  assistantContent?: (modelCallId: string) => AssistantContent | undefined;
}): { instructions: string | undefined; messages: ModelMessage[] } {
  const instructions: string[] = [];
  const messages: ModelMessage[] = [];
  for (const message of options.messages) {
    switch (message.role) {
      case 'system':
        instructions.push(message.content);
        break;
      case 'user':
        messages.push({ role: 'user', content: message.content });
        break;
      case 'assistant': {
        const known = message.modelCallId === undefined ? undefined : options.assistantContent?.(message.modelCallId);
        if (known !== undefined) {
          messages.push({ role: 'assistant', content: known });
          break;
        }
        const content: Exclude<AssistantContent, string> = [];
        if (message.content !== '') content.push({ type: 'text', text: message.content });
        for (const call of message.toolCalls) content.push({ type: 'tool-call', toolCallId: call.toolCallId, toolName: call.toolName, input: call.input });
        // An empty turn still needs a body for providers that reject empty content.
        messages.push({ role: 'assistant', content: content.length > 0 ? content : '...' });
        break;
      }
      case 'tool': {
        const part: ToolResultPart = {
          type: 'tool-result',
          toolCallId: message.toolCallId,
          toolName: message.toolName,
          output: message.isError ? { type: 'error-text', value: message.content } : { type: 'text', value: message.content },
        };
        const last = messages.at(-1);
        if (last?.role === 'tool') last.content.push(part);
        else messages.push({ role: 'tool', content: [part] });
        break;
      }
    }
  }
  return { instructions: instructions.length > 0 ? instructions.join('\n\n') : undefined, messages };
}
