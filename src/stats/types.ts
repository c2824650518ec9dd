/** A rate with its confidence interval. With no trials the estimate is NaN and the interval is [0, 1]. */
export type RateInterval = { estimate: number; lower: number; upper: number };

/** A difference of two rates with its confidence interval. */
export type DifferenceInterval = { difference: number; lower: number; upper: number };

/** Two independent groups' counts: A is compared with B (difference = rate A − rate B). */
export type TwoGroups = { successesA: number; trialsA: number; successesB: number; trialsB: number };

/**
 * Paired binary outcomes of the same trials under two conditions A and B (same seed, one factor changed):
 * `bothTrue`, `onlyA` (true under A only), `onlyB` (true under B only), `neither`.
 */
export type PairedCounts = { bothTrue: number; onlyA: number; onlyB: number; neither: number };

/** Which way a test looks: A's rate (or mean) different from, greater than, or less than B's (or the null value). */
export type Alternative = 'two-sided' | 'greater' | 'less';
