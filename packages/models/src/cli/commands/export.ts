// dendrite export <checkpoint> <out.safetensors>: the model's weights alone
// (no optimizer state), with the model config and the run's provenance in
// the metadata — how the zoo's pretrained files are made.
import { saveModule } from '@dendrite/layers';
import { checkKnownFlags, choiceFlag, type ParsedArgs, UsageError } from '../args.js';
import { selectBackend } from '../backends.js';
import { loadTrainedModel } from '../load-model.js';

export async function exportCommand(args: ParsedArgs, log: (line: string) => void): Promise<number> {
  checkKnownFlags(args.flags, ['dtype'], 'export');
  const dtype = choiceFlag(args.flags, 'dtype', ['float32', 'float16'] as const, 'float32');
  const [path, out] = args.positionals;
  if (!path || !out) throw new UsageError("usage: 'dendrite export <checkpoint|run-dir> <out.safetensors>'");
  await selectBackend('reference');
  const { model, info, file } = await loadTrainedModel(path);
  // float16 halves the shipped file; loadStateDict casts back to the model's float32 on load.
  if (dtype === 'float16') model.half();
  await saveModule(model, out, { 'dendrite.model': info.model, 'dendrite.command': info.command, 'dendrite.seed': String(info.seed), 'dendrite.dataset': info.dataset });
  log(`${info.model} weights from ${file} written to ${out}${dtype === 'float16' ? ' (float16)' : ''}`);
  return 0;
}
