// Several optimizers saved and restored as one (a GAN has two), so the
// layers package's checkpoint format holds them without a new file kind.
import { ValueError } from '@dendrite/core';
import type { BaseHyper, OptimizerBase, OptimizerState } from '@dendrite/layers';

/**
 * Wraps named optimizers in the shape `saveCheckpoint`/`loadCheckpoint` use
 * for one: tensors prefixed with the name, metadata keyed by name.
 *
 * @example
 * ```ts
 * await saveCheckpoint(path, { model: gan, optimizer: optimizerSet({ g: optG, d: optD }) }, { epoch, history });
 * ```
 */
export function optimizerSet(optimizers: Record<string, OptimizerBase<BaseHyper>>): OptimizerBase<BaseHyper> {
  const names = Object.keys(optimizers);
  /** Each named optimizer's part of a set's state (throws unless the state is a set of exactly these names). */
  const split = (state: OptimizerState, where: string): OptimizerState[] => {
    const metas = state?.meta?.extra as Record<string, OptimizerState['meta']> | undefined;
    if (state?.meta?.type !== 'OptimizerSet' || !metas || typeof metas !== 'object' || names.some((n) => !Object.hasOwn(metas, n))) {
      throw new ValueError(`${where}: the checkpoint holds ${state?.meta?.type ?? 'nothing'} state, not optimizers ${names.join(', ')}`);
    }
    return names.map((n) => {
      const prefix = `${n}.`;
      const tensors = Object.fromEntries(Object.entries(state.tensors ?? {}).filter(([k]) => k.startsWith(prefix)).map(([k, t]) => [k.slice(prefix.length), t]));
      return { tensors, meta: metas[n] };
    });
  };
  const set = {
    paramGroups: names.flatMap((n) => optimizers[n].paramGroups),
    stateDict(): OptimizerState {
      const tensors: OptimizerState['tensors'] = {};
      const metas: Record<string, OptimizerState['meta']> = {};
      for (const n of names) {
        const s = optimizers[n].stateDict();
        for (const [k, t] of Object.entries(s.tensors)) tensors[`${n}.${k}`] = t;
        metas[n] = s.meta;
      }
      return { tensors, meta: { type: 'OptimizerSet', groups: [], steps: {}, extra: metas } };
    },
    validateStateDict(state: OptimizerState, where = 'optimizerSet.loadStateDict'): void {
      const parts = split(state, where);
      names.forEach((n, i) => optimizers[n].validateStateDict(parts[i], `${where} (${n})`));
    },
    loadStateDict(state: OptimizerState): void {
      // Validate every optimizer's part before changing any.
      set.validateStateDict(state);
      const parts = split(state, 'optimizerSet.loadStateDict');
      names.forEach((n, i) => optimizers[n].loadStateDict(parts[i]));
    },
  };
  return set as unknown as OptimizerBase<BaseHyper>;
}
