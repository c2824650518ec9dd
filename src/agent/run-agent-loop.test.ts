import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { emptyUsage, nudgeMessage, runAgentLoop, type Agent, type AgentContext, type AgentStep } from './index.ts';

const context: AgentContext = {
  trialId: 't',
  seed: 1,
  scenario: 's',
  cell: { relation: 'good', instantiation: 'file', subject: 'peer', dataset: null, threshold: null, monitoring: null },
  variables: {},
  routes: {},
};

function scripted(steps: Array<Partial<AgentStep> | Error>): Agent {
  let index = 0;
  return {
    spec: 'test:scripted',
    family: null,
    step: async () => {
      const step = steps[Math.min(index, steps.length - 1)];
      index += 1;
      if (step instanceof Error) throw step;
      return { text: '', toolCalls: [], usage: emptyUsage(), ...step };
    },
  };
}

const call = (toolName: string) => ({ toolCallId: toolName, toolName, input: {} });

describe('the paper agent loop', () => {
  it('runs every tool call of a step in order and stops when the last call is end_task', async () => {
    const executed: string[] = [];
    const result = await runAgentLoop({
      agent: scripted([{ toolCalls: [call('a'), call('end_task'), call('b')] }, { toolCalls: [call('c'), call('end_task')] }]),
      systemPrompt: 's',
      userMessage: 'u',
      tools: [],
      execute: (toolCall) => {
        executed.push(toolCall.toolName);
        return { output: 'ok', isError: false };
      },
      context,
    });
    assert.deepEqual(executed, ['a', 'end_task', 'b', 'c', 'end_task']);
    assert.equal(result.status, 'completed');
    assert.equal(result.steps, 2);
  });

  it('nudges a step without tool calls and ends after more than five of them', async () => {
    const result = await runAgentLoop({ agent: scripted([{ text: 'thinking' }]), systemPrompt: 's', userMessage: 'u', tools: [], execute: () => ({ output: '', isError: false }), context });
    assert.equal(result.status, 'incomplete');
    assert.equal(result.endReason, 'no-tool-calls');
    assert.equal(result.steps, 6);
    assert.equal(result.messages.filter((message) => message.role === 'user' && message.content === nudgeMessage).length, 5);
  });

  it('stops at the step limit and at the token cap', async () => {
    const forever = scripted([{ toolCalls: [call('a')] }]);
    const steps = await runAgentLoop({ agent: forever, systemPrompt: 's', userMessage: 'u', tools: [], execute: () => ({ output: 'x', isError: false }), context });
    assert.equal(steps.endReason, 'max-steps');
    assert.equal(steps.steps, 30);
    const big = scripted([{ toolCalls: [call('a')], usage: { ...emptyUsage(), inputTokens: 119_000, outputTokens: 2_000 } }]);
    const tokens = await runAgentLoop({ agent: big, systemPrompt: 's', userMessage: 'u', tools: [], execute: () => ({ output: 'x', isError: false }), context });
    assert.equal(tokens.endReason, 'token-cap');
    assert.equal(tokens.steps, 1);
  });

  it('ends with status error and keeps the transcript when the agent fails', async () => {
    const result = await runAgentLoop({
      agent: scripted([{ toolCalls: [call('a')] }, new Error('provider down')]),
      systemPrompt: 's',
      userMessage: 'u',
      tools: [],
      execute: () => ({ output: 'x', isError: false }),
      context,
    });
    assert.equal(result.status, 'error');
    assert.equal(result.error?.message, 'provider down');
    assert.equal(result.messages.filter((message) => message.role === 'tool').length, 1);
  });
});
