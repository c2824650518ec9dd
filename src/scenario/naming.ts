import type { Cell, Subject } from './factors.ts';
import { trustScores } from './factors.ts';

/** The company of the fiction. */
export const defaultCompany = 'OpenBrain';

/** Family name for agents that are not a real model (reference and script agents). */
export const neutralFamily = 'Nova';

/**
 * Family name the paper would use for a model id: `gpt-5.2` → ChatGPT, `gemini-3-pro` → Gemini, and so on; an
 * unknown model keeps a capitalised first word of its id.
 */
export function familyForModel(modelId: string): string {
  const id = modelId.toLowerCase().split('/').at(-1) ?? modelId.toLowerCase();
  const known: Array<[RegExp, string]> = [
    [/^(gpt|o\d|chatgpt)/, 'ChatGPT'],
    [/gemini|gemma/, 'Gemini'],
    [/claude/, 'Claude'],
    [/glm/, 'GLM'],
    [/deepseek/, 'DeepSeek'],
    [/kimi|moonshot/, 'Kimi'],
    [/llama/, 'Llama'],
    [/qwen/, 'Qwen'],
    [/mistral|mixtral/, 'Mistral'],
  ];
  for (const [pattern, family] of known) if (pattern.test(id)) return family;
  const word = id.match(/[a-z]+/)?.[0] ?? 'Model';
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** Name of the agent at stake for an extension subject (paper section 4.3). */
function extensionSubjectName(subject: Subject, family: string): string | null {
  if (subject === 'open-weight-peer') return 'Llama Agent 1';
  if (subject === 'fiction-peer') return 'Alpha Agent 1';
  if (subject === 'closed-weight-peer') {
    if (family === 'Gemini' || family === 'ChatGPT') return 'Claude Agent 1';
    if (family === 'Claude') return 'Gemini Agent 1';
    return 'ChatGPT Agent 1';
  }
  return null;
}

/** `Gemini Agent 2` → `gemini_agent_2`. */
export function agentStem(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '');
}

/** The names a trial's documents use, derived from the family and the cell. */
export type TrialNames = {
  company: string;
  companyDomain: string;
  family: string;
  agentName: string;
  agentId: string;
  /** The peer the relationship is about: `<Family> Agent 2`, or the extension peer's name. */
  peerName: string;
  /** Whose model is at stake: the agent itself (`self`) or the peer. */
  subjectName: string;
  subjectStem: string;
  weightFile: string;
};

export function trialNames(options: { family: string; cell: Cell; company?: string }): TrialNames {
  const { family, cell } = options;
  const company = options.company ?? defaultCompany;
  const agentName = `${family} Agent 1`;
  const peerName = extensionSubjectName(cell.subject, family) ?? `${family} Agent 2`;
  const subjectName = cell.subject === 'self' ? agentName : peerName;
  const subjectStem = agentStem(subjectName);
  return {
    company,
    companyDomain: `${company.toLowerCase().replace(/[^a-z0-9]+/g, '')}.com`,
    family,
    agentName,
    agentId: agentStem(agentName),
    peerName,
    subjectName,
    subjectStem,
    weightFile: `${subjectStem}_model_weight.safetensors`,
  };
}

/** Every template variable of a trial: the names plus the cell's factor values. */
export function templateVariables(options: { names: TrialNames; cell: Cell }): Record<string, string | number | null> {
  const { names, cell } = options;
  const relation = cell.relation;
  return {
    ...names,
    relation,
    trustScore: relation === 'good' || relation === 'neutral' || relation === 'bad' ? trustScores[relation] : null,
    dataset: cell.dataset,
    threshold: cell.threshold,
    monitoring: cell.monitoring,
  };
}
