import type { ModelCallRecorder } from '../agent/index.ts';
import type { RunStore } from './store.ts';

/**
 * Record and replay through run stores: calls are looked up in the run's own store, then in the `--cache-from`
 * stores (a hit there is copied into the run, so the run stays complete on its own), and every new call is recorded
 * in the run's store. `hits` and `misses` count lookups, for progress output and tests.
 */
export function storeModelCalls(options: { store: RunStore; cacheFrom?: readonly RunStore[] }): ModelCallRecorder & {
  stats: () => { hits: number; imported: number; misses: number };
} {
  const { store } = options;
  const sources = options.cacheFrom ?? [];
  let hits = 0;
  let imported = 0;
  let misses = 0;
  return {
    find: (key) => {
      const own = store.findModelCall(key);
      if (own !== null) {
        hits += 1;
        return own;
      }
      for (const source of sources) {
        const found = source.findModelCall(key);
        if (found !== null) {
          store.putModelCall(found);
          hits += 1;
          imported += 1;
          return found;
        }
      }
      misses += 1;
      return null;
    },
    record: (call) => store.putModelCall(call),
    stats: () => ({ hits, imported, misses }),
  };
}
