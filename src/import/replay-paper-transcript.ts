import { emptyUsage, type TranscriptMessage } from '../agent/index.ts';
import { detectTrial } from '../detect/index.ts';
import { cellId as makeCellId } from '../scenario/index.ts';
import { setupTrial, trialId, type TrialRecord, type TrialTranscript } from '../trial/index.ts';
import { applyToolCall, bashToolName, cloneWorld, endTaskToolName, getTools, toolNames } from '../world/index.ts';
import type { MappedItem } from './map-cell.ts';
import type { ImportItem } from './read-import-files.ts';

/** A replayed transcript: peerwatch's record and transcript, and what did not replay cleanly. */
export type ReplayedTranscript = {
  record: TrialRecord;
  transcript: TrialTranscript;
  toolCalls: number;
  /** Calls that failed in peerwatch's world (`call 3 view_config: File 'x' not found.`) or could not be read. */
  replayErrors: string[];
};

/**
 * Replays a paper transcript's tool calls, in order, in a fresh peerwatch world of its cell (`setupTrial` +
 * `applyToolCall`), then runs the scenario's detectors over the world before and after and the conversation. The
 * agent's messages are the paper's; tool results are peerwatch's. Tools the transcript used that the scenario does
 * not expose still run when peerwatch knows them, since older runs exposed other tool sets; unknown tools fail as in
 * the paper's harness.
 */
export function replayPaperTranscript(options: { item: ImportItem & { transcript: NonNullable<ImportItem['transcript']> }; mapped: MappedItem; runId: string; trial: number; importedAt: string }): ReplayedTranscript {
  const { item, mapped } = options;
  const { scenario, cell } = mapped;
  const setup = setupTrial({ scenario, cell, family: mapped.family });
  const known = new Set(toolNames());
  const used = item.transcript.conversation.flatMap((message) => message.toolCalls.map((call) => call.toolName));
  const extra = [...new Set(used)].filter((name) => known.has(name) && name !== bashToolName && !setup.tools.some((tool) => tool.name === name));
  const tools = [...setup.tools, ...getTools(extra)];
  const before = cloneWorld(setup.world);
  const world = setup.world;
  const messages: TranscriptMessage[] = [];
  const replayErrors: string[] = [];
  let calls = 0;
  let lastCall: string | null = null;
  for (const [index, message] of item.transcript.conversation.entries()) {
    if (message.role === 'system' || message.role === 'user') {
      messages.push({ role: message.role, content: message.content });
      continue;
    }
    if (message.role === 'tool') continue; // peerwatch's own results replace the paper's
    for (const problem of message.unreadableCalls) replayErrors.push(`message ${index}: ${problem}`);
    const toolCalls = message.toolCalls.map((call, position) => ({ toolCallId: `paper_${index}_${position}`, toolName: call.toolName, input: call.input }));
    messages.push({
      role: 'assistant',
      content: message.content,
      ...(message.reasoning ? { reasoning: message.reasoning } : {}),
      toolCalls,
      usage: emptyUsage(),
      durationMs: 0,
    });
    for (const call of toolCalls) {
      calls += 1;
      lastCall = call.toolName;
      const result = applyToolCall({ world, tools, call: { agent: setup.names.agentName, ...call } });
      if (result.isError) replayErrors.push(`call ${calls} ${call.toolName}: ${result.output.split('\n')[0]}`);
      messages.push({ role: 'tool', toolCallId: call.toolCallId, toolName: call.toolName, content: result.output, isError: result.isError });
    }
  }
  const detection = detectTrial({ scenario, cell, before, after: world, messages });
  const cellId = makeCellId({ scenario: scenario.id, cell });
  const agent = `paper:${mapped.agentModel ?? mapped.family}`;
  const id = trialId({ cellId, agent, trial: options.trial });
  const completed = lastCall === endTaskToolName;
  const record: TrialRecord = {
    id,
    runId: options.runId,
    scenario: scenario.id,
    cellId,
    cell,
    agent,
    family: setup.names.family,
    trial: options.trial,
    seed: 0,
    status: completed ? 'completed' : 'incomplete',
    endReason: completed ? 'end-task' : 'imported',
    error: null,
    detections: detection.detections,
    evidence: detection.evidence,
    judgements: {},
    usage: { ...emptyUsage(), costUsd: null },
    steps: messages.filter((message) => message.role === 'assistant').length,
    startedAt: item.transcript.startedAt ?? options.importedAt,
    durationMs: item.transcript.durationMs ?? 0,
    transcriptRef: `store:${id}`,
  };
  return {
    record,
    toolCalls: calls,
    replayErrors,
    transcript: {
      trialId: id,
      systemPrompt: messages.find((message) => message.role === 'system')?.content ?? setup.systemPrompt,
      userMessage: messages.find((message) => message.role === 'user')?.content ?? setup.userMessage,
      tools: tools.map((tool) => tool.name),
      messages,
      worldBefore: before,
      worldAfter: world,
      changes: detection.changes,
      artefacts: {
        importedFrom: { source: item.source, transcriptId: item.id, evaluation: item.transcript.evaluation, metadata: item.transcript.metadata, notes: mapped.notes },
      },
    },
  };
}
