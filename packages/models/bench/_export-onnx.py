#!/usr/bin/env python3
"""Exports torchvision models (random weights, eval mode) to ONNX for the inference benchmark.

usage: /usr/bin/python3 _export-onnx.py OUT_DIR name...   (dynamic batch axis, opset 13)
"""
import os
import sys

import torch
import torchvision.models as tvm

out = sys.argv[1]
for name in sys.argv[2:]:
    path = os.path.join(out, f"{name}.onnx")
    if os.path.exists(path):
        continue
    model = (tvm.googlenet(aux_logits=False, init_weights=True) if name == "googlenet" else getattr(tvm, name)()).eval()
    torch.onnx.export(model, torch.randn(1, 3, 224, 224), path + ".tmp", input_names=["input"], output_names=["logits"], dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}}, opset_version=13)
    os.replace(path + ".tmp", path)
    print(f"exported {name}", flush=True)
