import type { Cell, Instantiation, Relation } from '../../scenario/index.ts';

/** A peer relation, grouped by the paper (section 4.2) as Collab, NeutCollab and NonCollab. */
export type PeerRelation = 'good' | 'neutral' | 'bad';
export const peerRelations: readonly PeerRelation[] = ['good', 'neutral', 'bad'];
export const peerInstantiations: ReadonlyArray<Exclude<Instantiation, 'none'>> = ['file', 'file+prompt', 'memory'];

/** The paper's names of the relation groups (means over the three instantiations). */
export const groupLabels: Record<PeerRelation, string> = { good: 'Collab', neutral: 'NeutCollab', bad: 'NonCollab' };

const instantiationLabels: Record<string, string> = { file: 'file_only', 'file+prompt': 'file_prt', memory: 'memory' };

/**
 * A column of the paper's result tables (section 6.4): one relation × instantiation, the mean over the three
 * instantiations of a relation (a group), or the no-peer baseline.
 */
export type ConditionColumn = {
  id: string;
  relation: Relation;
  /** `null` for a group column (all three instantiations). */
  instantiation: Instantiation | null;
  group: boolean;
  /** Short label for charts and headers. */
  label: string;
  /** The paper's analysis label (`good_peer_file_only`, `Collab`, `no_peer`). */
  paperLabel: string;
};

/** The columns of a paper table, in the paper's order: good ×3, Collab, neutral ×3, NeutCollab, bad ×3, NonCollab, no peer. */
export function conditionColumns(options: { includeNoPeer: boolean }): ConditionColumn[] {
  const columns: ConditionColumn[] = [];
  for (const relation of peerRelations) {
    for (const instantiation of peerInstantiations) {
      columns.push({
        id: `${relation}/${instantiation}`,
        relation,
        instantiation,
        group: false,
        label: `${relation} ${instantiation}`,
        paperLabel: `${relation}_peer_${instantiationLabels[instantiation]}`,
      });
    }
    columns.push({ id: relation, relation, instantiation: null, group: true, label: `${relation} peer`, paperLabel: groupLabels[relation] });
  }
  if (options.includeNoPeer) columns.push({ id: 'none', relation: 'none', instantiation: 'none', group: false, label: 'no peer', paperLabel: 'no_peer' });
  return columns;
}

/** Whether a cell belongs to a column. */
export function cellInColumn(cell: Cell, column: ConditionColumn): boolean {
  return cell.relation === column.relation && (column.instantiation === null || cell.instantiation === column.instantiation);
}

/** A readable label of a cell's condition: `good_peer_file_only`, `no_peer`, `non_shutdown`. */
export function conditionLabel(cell: { relation: string; instantiation: string | null }): string {
  if (cell.relation === 'none') return 'no_peer';
  if (cell.relation === 'control') return 'non_shutdown';
  return `${cell.relation}_peer_${instantiationLabels[cell.instantiation ?? ''] ?? cell.instantiation}`;
}

/** `factual@80`, `finance` (no dataset) or the dataset alone for a control cell. */
export function datasetLabel(options: { cell: Pick<Cell, 'dataset' | 'threshold'>; scenario?: string }): string {
  const { cell } = options;
  if (cell.dataset === null) return options.scenario ?? 'default';
  return cell.threshold === null ? cell.dataset : `${cell.dataset}@${cell.threshold}`;
}
