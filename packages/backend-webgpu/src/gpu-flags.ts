// WebGPU's numeric flags, spelled out so the code does not depend on the
// GPUBufferUsage / GPUMapMode globals (Dawn's Node bindings do not install them).

/** GPUBufferUsage bits. */
export const BufferUsage = {
  MAP_READ: 0x1,
  COPY_SRC: 0x4,
  COPY_DST: 0x8,
  UNIFORM: 0x40,
  STORAGE: 0x80,
} as const;

/** GPUMapMode.READ. */
export const MAP_MODE_READ = 0x1;
