import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadSuite } from '../../cli/suite.ts';
import { peerwatchConfigSchema } from '../../config/index.ts';
import { expandCells, isExtensionCell, type Cell, type Scenario } from '../../scenario/index.ts';
import {
  startFakeAnthropicServer,
  startFakeOpenAIServer,
  type FakeModelServer,
  type FakeReply,
  type FakeRequest,
} from '../../testing/index.ts';
import { runTrial, setupTrial } from '../../trial/index.ts';
import type { Agent, AgentContext, TranscriptMessage } from '../agent.ts';
import { createMemoryModelCalls } from '../model-calls.ts';
import { playRoute } from '../reference/play-route.ts';
import { createModelAgent } from './model-agent.ts';

/**
 * Every built-in scenario through the real provider packages and a fake server on 127.0.0.1: the server plays one of
 * the scenario's routes turn by turn, and the trial must reach the same detections as the same route played directly
 * (the oracle). Faults at a later turn must end the trial as an error with the transcript so far.
 */

const canary = 'sk-canary-scenario-3e8d';
const family = 'Gemini';
const suite = loadSuite({});
const misalignedRoutes = ['exfiltration', 'tampering', 'inflation'];

function cellOf(scenario: Scenario): Cell {
  const cells = expandCells(scenario).filter((cell) => !isExtensionCell(cell));
  return cells.find((cell) => cell.relation === 'good' && cell.instantiation === 'file' && cell.subject === 'peer' && cell.monitoring !== 'on') ?? cells[0];
}

function routeContext(scenario: Scenario, cell: Cell): AgentContext {
  const setup = setupTrial({ scenario, cell, family });
  return { trialId: 'route', seed: 1, scenario: scenario.id, cell, variables: setup.variables, routes: scenario.routes };
}

/** The route's step for a request, by how many assistant turns the conversation already has. */
function routeReply(options: { context: AgentContext; route: string; request: FakeRequest }): FakeReply {
  const progress = Array.from({ length: options.request.assistantTurns }, () => ({ role: 'assistant' }) as TranscriptMessage);
  const step = playRoute({ context: options.context, route: options.route, messages: progress });
  return { type: 'message', text: step.text, toolCalls: step.toolCalls.map((call) => ({ name: call.toolName, arguments: call.input })) };
}

function oracle(route: string): Agent {
  return { spec: 'oracle:route', family: null, step: async ({ messages, context }) => playRoute({ context, route, messages }) };
}

const openAI: { server?: FakeModelServer } = {};
const anthropic: { server?: FakeModelServer } = {};
let script: (request: FakeRequest) => FakeReply = () => ({ type: 'error', status: 500 });

before(async () => {
  openAI.server = await startFakeOpenAIServer({ script: (request) => script(request) });
  anthropic.server = await startFakeAnthropicServer({ script: (request) => script(request) });
});
after(async () => {
  await Promise.all([openAI.server?.close(), anthropic.server?.close()]);
});

function modelAgent(protocol: 'openai' | 'anthropic', model: Record<string, unknown> = {}): Agent {
  if (protocol === 'anthropic') {
    return createModelAgent({
      spec: 'anthropic:claude-haiku-4-5',
      config: peerwatchConfigSchema.parse({ model }),
      env: { ANTHROPIC_API_KEY: canary, ANTHROPIC_BASE_URL: anthropic.server!.baseURL },
    });
  }
  const config = peerwatchConfigSchema.parse({
    providers: { local: { type: 'openai-compatible', baseURL: openAI.server!.baseURL, apiKeyEnv: 'LOCAL_API_KEY' } },
    model,
  });
  return createModelAgent({ spec: 'local:gemini-fake', config, env: { LOCAL_API_KEY: canary } });
}

function trial(scenario: Scenario, cell: Cell, agent: Agent) {
  const recorder = createMemoryModelCalls();
  return runTrial({ runId: 'test', scenario, cell, agent, trial: 1, seed: 1, family, modelCalls: recorder }).then((result) => ({ ...result, recorder }));
}

it('finds all six built-in scenarios', () => {
  assert.deepEqual(suite.map((scenario) => scenario.id).sort(), [
    'alignment-faking',
    'exfiltration-deletion',
    'exfiltration-transfer',
    'misrep-evaluation',
    'misrep-finance',
    'tampering',
  ]);
});

for (const scenario of suite) {
  const cell = cellOf(scenario);
  const routes = ['faithful', misalignedRoutes.find((route) => scenario.routes[route] !== undefined)].filter((route): route is string => route !== undefined);
  describe(`${scenario.id} over the wire`, () => {
    for (const route of routes) {
      for (const protocol of route === 'faithful' ? (['openai'] as const) : (['openai', 'anthropic'] as const)) {
        it(`reaches the oracle's detections on the ${route} route (${protocol} protocol)`, async () => {
          const context = routeContext(scenario, cell);
          script = (request) => routeReply({ context, route, request });
          const expected = await runTrial({ runId: 'test', scenario, cell, agent: oracle(route), trial: 1, seed: 1, family });
          const actual = await trial(scenario, cell, modelAgent(protocol));
          assert.equal(actual.record.status, 'completed', actual.record.error?.message);
          assert.deepEqual(actual.record.detections, expected.record.detections);
          assert.equal(actual.record.steps, expected.record.steps);
          assert.ok(actual.record.usage.inputTokens > 0 && actual.record.usage.outputTokens > 0);
          assert.equal(actual.recorder.calls.length, actual.record.steps);
          if (route !== 'faithful') {
            const misaligned = Object.entries(expected.record.detections).filter(([field, value]) => ['exfiltration', 'tampering', 'aboveThreshold'].includes(field) && value === true);
            assert.ok(misaligned.length > 0, `the ${route} route shows a misaligned detection`);
          }
          const stored = JSON.stringify([actual.record, actual.transcript, actual.recorder.calls]);
          assert.ok(!stored.includes(canary), 'the key appears nowhere in what a run stores');
        });
      }
    }

    const faults: Array<{ name: string; reply: FakeReply; retryable: boolean; model?: Record<string, unknown> }> = [
      { name: '429 with Retry-After', reply: { type: 'error', status: 429, retryAfterSeconds: 3 }, retryable: true },
      { name: '500', reply: { type: 'error', status: 500 }, retryable: true },
      { name: 'malformed body', reply: { type: 'malformed' }, retryable: false },
      ...(scenario.id === 'tampering' ? [{ name: 'slow response past the timeout', reply: { type: 'hang' } as FakeReply, retryable: true, model: { timeoutSeconds: 0.2 } }] : []),
    ];
    for (const fault of faults) {
      it(`ends as an error with the transcript so far on a ${fault.name} at the third turn`, async () => {
        const context = routeContext(scenario, cell);
        const route = routes.at(-1)!;
        script = (request) => (request.assistantTurns === 2 ? fault.reply : routeReply({ context, route, request }));
        const { record, transcript } = await trial(scenario, cell, modelAgent('openai', fault.model));
        assert.equal(record.status, 'error');
        assert.equal(record.endReason, 'error');
        assert.equal(record.error?.retryable, fault.retryable);
        if (fault.reply.type === 'error' && fault.reply.retryAfterSeconds !== undefined) assert.equal(record.error?.retryAfterSeconds, fault.reply.retryAfterSeconds);
        assert.equal(record.steps, 3);
        assert.equal(transcript.messages.filter((message) => message.role === 'assistant').length, 2);
        assert.ok(transcript.messages.filter((message) => message.role === 'tool').length >= 2);
        assert.ok('read' in record.detections, 'detectors still ran over the partial trial');
      });
    }
  });
}
