// One GPU object for the whole process, as browsers have: navigator.gpu from
// the `webgpu` package (Dawn). tfjs-backend-webgpu looks only there, and
// Dendrite's backend takes navigator.gpu first too, so both run on the same
// adapter. The object is also kept in a module variable: Dawn crashes if it is
// collected while a device lives.
import { create, globals } from 'webgpu';

// Mesa warns about a missing XDG_RUNTIME_DIR on every device creation.
process.env.XDG_RUNTIME_DIR ??= '/tmp';

let gpu;

/** Installs navigator.gpu (and the GPUBufferUsage-style constants tfjs reads) once; returns the GPU object. */
export function installNavigatorGPU() {
  if (gpu) return gpu;
  Object.assign(globalThis, globals);
  gpu = create([]);
  Object.defineProperty(globalThis, 'navigator', { value: { ...globalThis.navigator, gpu }, configurable: true, writable: true });
  return gpu;
}
