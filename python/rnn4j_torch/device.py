"""The torch device of a script's --device option, checked, and the math and timing helpers the
comparison scripts share."""
import torch


def torch_device(name):
    """torch.device(name); SystemExit with a one-line reason when it is CUDA and PyTorch sees no
    CUDA device."""
    dev = torch.device(name)
    if dev.type == "cuda" and not torch.cuda.is_available():
        raise SystemExit("--device %s: PyTorch %s sees no CUDA device (use --device cpu)"
                         % (name, torch.__version__))
    return dev


def sync(dev):
    """Waits for the device's queued work (CUDA); nothing on the CPU."""
    if dev.type == "cuda":
        torch.cuda.synchronize(dev)


def set_exact_fp32(exact):
    """exact=True turns TF32 off in cuDNN and cuBLAS (PyTorch's default allows it for cuDNN)."""
    torch.backends.cudnn.allow_tf32 = not exact
    torch.backends.cuda.matmul.allow_tf32 = not exact
