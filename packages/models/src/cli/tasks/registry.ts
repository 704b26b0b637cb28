// Training tasks by name (a zoo entry's `task`).
import { autoencoderTask, vaeTask } from './autoencoders.js';
import { charLstmTask } from './char-lstm.js';
import { ganTask } from './gan.js';
import { segmentationTask } from './segmentation.js';
import { stnTask } from './stn.js';
import type { TaskSpec } from './task.js';

export const TASKS = {
  autoencoder: autoencoderTask,
  vae: vaeTask,
  gan: ganTask,
  segmentation: segmentationTask,
  stn: stnTask,
  'char-lstm': charLstmTask,
} satisfies Record<string, TaskSpec>;

export type TaskName = keyof typeof TASKS;
