// Training tasks by name (a zoo entry's `task`).
import { autoencoderTask, vaeTask } from './autoencoders.js';
import type { TaskSpec } from './task.js';

export const TASKS = {
  autoencoder: autoencoderTask,
  vae: vaeTask,
} satisfies Record<string, TaskSpec>;

export type TaskName = keyof typeof TASKS;
