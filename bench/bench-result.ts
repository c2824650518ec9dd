/** One measurement of a piece's benchmark, compared with its target (lower is better unless `higherIsBetter`). */
export type BenchResult = { name: string; measured: number; target: number; unit: string; pass: boolean; note?: string };
