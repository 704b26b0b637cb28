// dendrite export <checkpoint> <out.safetensors>: the model's weights alone
// (no optimizer state), with the model config and the run's provenance in
// the metadata — how the zoo's pretrained files are made.
import { saveModule } from '@dendrite/layers';
import { checkKnownFlags, type ParsedArgs, UsageError } from '../args.js';
import { selectBackend } from '../backends.js';
import { loadTrainedModel } from '../load-model.js';

export async function exportCommand(args: ParsedArgs, log: (line: string) => void): Promise<number> {
  checkKnownFlags(args.flags, [], 'export');
  const [path, out] = args.positionals;
  if (!path || !out) throw new UsageError("usage: 'dendrite export <checkpoint|run-dir> <out.safetensors>'");
  await selectBackend('reference');
  const { model, info, file } = await loadTrainedModel(path);
  await saveModule(model, out, { 'dendrite.model': info.model, 'dendrite.command': info.command, 'dendrite.seed': String(info.seed), 'dendrite.dataset': info.dataset });
  log(`${info.model} weights from ${file} written to ${out}`);
  return 0;
}
