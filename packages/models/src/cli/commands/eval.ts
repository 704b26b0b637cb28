// dendrite eval <checkpoint> --dataset mnist: test loss and accuracy.
import { CrossEntropyLoss, evaluate } from '@dendrite/layers';
import { checkKnownFlags, choiceFlag, type ParsedArgs, UsageError } from '../args.js';
import { BACKEND_CHOICES, selectBackend } from '../backends.js';
import { DATASET_CHOICES, evalLoader, loadDataset } from '../datasets.js';
import { loadTrainedModel } from '../load-model.js';

export async function evalCommand(args: ParsedArgs, log: (line: string) => void): Promise<number> {
  checkKnownFlags(args.flags, ['dataset', 'backend', 'data-dir'], 'eval');
  const path = args.positionals[0];
  if (!path) throw new UsageError("missing checkpoint: 'dendrite eval <checkpoint|run-dir> --dataset mnist'");
  log(`backend: ${await selectBackend(choiceFlag(args.flags, 'backend', BACKEND_CHOICES, 'auto'))}`);
  const { model, info, file } = await loadTrainedModel(path);
  const dataset = choiceFlag(args.flags, 'dataset', DATASET_CHOICES, info.dataset as (typeof DATASET_CHOICES)[number]);
  const { test } = await loadDataset(dataset, typeof args.flags['data-dir'] === 'string' ? args.flags['data-dir'] : undefined);
  const t0 = performance.now();
  const r = await evaluate(model, evalLoader(test) as never, { loss: new CrossEntropyLoss(), metrics: ['accuracy'] });
  log(`${info.model} from ${file} on ${dataset} test (${test.length} images, ${((performance.now() - t0) / 1000).toFixed(1)} s): loss ${r.loss.toFixed(4)}, accuracy ${(r.accuracy * 100).toFixed(2)}%`);
  return 0;
}
