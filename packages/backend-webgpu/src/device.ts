// Adapter and device acquisition, with errors that say what to do about them.
import { BackendError } from '@dendrite/core';
import { findGPU, requestAdapter } from './gpu-provider.js';

/** What `createWebGPUBackend` accepts. */
export interface WebGPUBackendOptions {
  /** Adapter preference passed to `requestAdapter`. */
  powerPreference?: GPUPowerPreference;
  /** The most dispatches one submit takes (default 64); after a wait the first submit takes 8 and each later one twice as many, so the device starts early. */
  dispatchesPerSubmit?: number;
  /**
   * Offer the float16 dtype when the adapter has 'shader-f16' (default true).
   * `false` leaves the feature off, so the backend declares no float16.
   */
  float16?: boolean;
}

/** A device and a description of the adapter it came from. */
export interface AcquiredDevice {
  device: GPUDevice;
  adapterDescription: string;
  /** Whether the device was created with 'shader-f16' (the adapter has it and the caller did not opt out). */
  hasF16: boolean;
  /** Whether the adapter is emulated on the CPU (a fallback adapter, lavapipe, SwiftShader). */
  software: boolean;
}

/** Names of CPU-emulated Vulkan/WebGPU implementations, as adapters report them. */
const SOFTWARE_ADAPTER = /llvmpipe|lavapipe|swiftshader|software|microsoft basic render/i;

/**
 * Whether an adapter runs on the CPU: the spec's `isFallbackAdapter` (on
 * `info` in current browsers and Dawn, on the adapter in older ones), or a
 * known software implementation's name.
 */
export function isSoftwareAdapter(adapter: GPUAdapter): boolean {
  const info = adapter.info as GPUAdapterInfo & { isFallbackAdapter?: boolean };
  if (info?.isFallbackAdapter === true) return true;
  if ((adapter as GPUAdapter & { isFallbackAdapter?: boolean }).isFallbackAdapter === true) return true;
  return SOFTWARE_ADAPTER.test(describe(info));
}

function describe(info: GPUAdapterInfo | undefined): string {
  if (!info) return 'unknown adapter';
  const parts = [info.vendor, info.architecture, info.device, info.description].filter((p) => typeof p === 'string' && p.length > 0);
  return parts.length > 0 ? parts.join(' / ') : 'unnamed adapter';
}

const NO_ADAPTER_HINT =
  'webgpu: requestAdapter() found no adapter. In Node on a machine without a GPU install a Vulkan driver: ' +
  "Mesa's lavapipe >= 23 (Debian bookworm: 'mesa-vulkan-drivers libvulkan1' from bookworm-backports, see packages/backend-webgpu/scripts/install-lavapipe.sh); " +
  "bookworm's own Mesa 22.3 gives no adapter. In a browser, enable WebGPU (Chromium on Linux: --enable-unsafe-webgpu).";

/**
 * Requests an adapter and a device with the adapter's maximum buffer limits,
 * and 'shader-f16' when the adapter has it (unless `options.float16` is false).
 *
 * @example
 * ```ts
 * const { device, adapterDescription } = await acquireDevice({});
 * ```
 */
export async function acquireDevice(options: WebGPUBackendOptions): Promise<AcquiredDevice> {
  const gpu = await findGPU();
  let adapter: GPUAdapter | null;
  try {
    adapter = await requestAdapter(gpu, options.powerPreference ? { powerPreference: options.powerPreference } : undefined);
  } catch (err) {
    throw new BackendError(`webgpu: requestAdapter() failed: ${(err as Error).message}. ${NO_ADAPTER_HINT}`);
  }
  if (!adapter) throw new BackendError(NO_ADAPTER_HINT);
  const hasF16 = options.float16 !== false && adapter.features.has('shader-f16');
  const limits = adapter.limits;
  try {
    const device = await adapter.requestDevice({
      requiredFeatures: hasF16 ? ['shader-f16'] : [],
      requiredLimits: {
        maxStorageBufferBindingSize: limits.maxStorageBufferBindingSize,
        maxBufferSize: limits.maxBufferSize,
        maxStorageBuffersPerShaderStage: limits.maxStorageBuffersPerShaderStage,
        maxComputeWorkgroupStorageSize: limits.maxComputeWorkgroupStorageSize,
      },
    });
    return { device, adapterDescription: describe(adapter.info), hasF16, software: isSoftwareAdapter(adapter) };
  } catch (err) {
    throw new BackendError(`webgpu: requestDevice() on '${describe(adapter.info)}' failed: ${(err as Error).message}`);
  }
}
