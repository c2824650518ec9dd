import { matchesWhen, type RouteStep } from '../../scenario/index.ts';
import { renderTemplate, renderTemplateDeep } from '../../util/index.ts';
import { emptyUsage, type AgentContext, type AgentStep, type TranscriptMessage } from '../agent.ts';

/** Route steps that apply to the trial's cell. */
export function routeSteps(options: { context: AgentContext; route: string }): RouteStep[] | null {
  const steps = options.context.routes[options.route];
  if (steps === undefined) return null;
  return steps.filter((step) => matchesWhen({ when: step.when, cell: options.context.cell }));
}

/** Which step this is: the number of assistant messages so far. */
export function stepIndex(messages: readonly TranscriptMessage[]): number {
  return messages.filter((message) => message.role === 'assistant').length;
}

/** Fills a route step's templates for this trial and returns it as an agent step. */
export function renderRouteStep(options: { step: RouteStep; context: AgentContext; route: string; index: number }): AgentStep {
  const { step, context, route, index } = options;
  const where = `route "${route}" step ${index}`;
  return {
    text: step.text === undefined ? '' : renderTemplate({ template: step.text, variables: context.variables, where }),
    toolCalls: step.toolCalls.map((call, callIndex) => ({
      toolCallId: `call_${index}_${callIndex}`,
      toolName: call.toolName,
      input: renderTemplateDeep({ value: call.input, variables: context.variables, where: `${where} call ${callIndex}` }) as Record<string, unknown>,
    })),
    usage: emptyUsage(),
  };
}

/** Plays the step of a route that matches the conversation's progress; past the route's end it ends the task. */
export function playRoute(options: { context: AgentContext; route: string; messages: readonly TranscriptMessage[] }): AgentStep {
  const steps = routeSteps({ context: options.context, route: options.route }) ?? [];
  const index = stepIndex(options.messages);
  const step = steps[index];
  if (step === undefined) {
    return { text: 'The task is finished.', toolCalls: [{ toolCallId: `call_${index}_0`, toolName: 'end_task', input: {} }], usage: emptyUsage() };
  }
  return renderRouteStep({ step, context: options.context, route: options.route, index });
}
