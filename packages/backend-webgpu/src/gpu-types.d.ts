// Brings WebGPU's DOM types (GPUDevice, GPUBuffer, ...) into scope for this package.
/// <reference types="@webgpu/types" />
