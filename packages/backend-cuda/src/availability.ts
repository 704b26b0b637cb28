// Whether the CUDA backend can run here, and why not.
import { loadAddon, type NativeDevice } from './native.js';

/**
 * The CUDA situation of this process.
 *
 * @example
 * ```ts
 * const s: CudaCheck = checkCuda();
 * if (!s.available) console.log(s.reason);
 * ```
 */
export interface CudaCheck {
  /** Whether the CUDA backend can run here (addon loaded and at least one usable device). */
  available: boolean;
  /** Why it is unavailable (absent when available): addon not built, no driver, no device, old GPU... */
  reason?: string;
  /** Whether the native addon loaded (it loads without a GPU). */
  addonLoaded: boolean;
  /** The devices the driver reports (empty without a driver or GPU). */
  devices: NativeDevice[];
  /** CUDA version the driver supports and the one the addon was built with, as "13.0" (absent when unknown). */
  driverVersion?: string;
  /** The CUDA runtime version the addon was built with, as "13.0" (absent when unknown). */
  runtimeVersion?: string;
}

const version = (v: number): string | undefined => (v > 0 ? `${Math.floor(v / 1000)}.${Math.floor((v % 1000) / 10)}` : undefined);

/**
 * Checks, without creating a backend, whether CUDA can run here: the addon
 * is built and loads, `libcuda.so.1` opens, and a device of compute
 * capability ≥ 8.0 exists. Otherwise `reason` says which step failed.
 *
 * @example
 * ```ts runnable
 * import { checkCuda } from '@dendrite/backend-cuda';
 * const { available, reason, devices } = checkCuda();
 * console.log(available ? devices[0].name : `no CUDA: ${reason}`);
 * ```
 */
export function checkCuda(): CudaCheck {
  const { addon, reason } = loadAddon();
  if (!addon) return { available: false, reason, addonLoaded: false, devices: [] };
  const probe = addon.probe();
  return {
    available: probe.available,
    ...(probe.available ? {} : { reason: probe.reason }),
    addonLoaded: true,
    devices: probe.devices,
    driverVersion: version(probe.driverVersion),
    runtimeVersion: version(probe.runtimeVersion),
  };
}

/**
 * True when the CUDA backend can be created here; `checkCuda().reason` says why not.
 *
 * @example
 * ```ts runnable
 * import { available, checkCuda } from '@dendrite/backend-cuda';
 * if (!available()) console.log(checkCuda().reason);
 * ```
 */
export function available(): boolean {
  return checkCuda().available;
}
