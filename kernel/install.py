#!/usr/bin/env python3
"""Installs the cxq Jupyter kernel (`make install-kernel`): a kernelspec named `cxq` whose
kernel.json starts kernel/cxq_kernel.py with this Python and the cxq binary given (default: the
one on PATH, else the release build).

    python3 kernel/install.py                 # into the user's Jupyter (jupyter kernelspec list)
    python3 kernel/install.py --prefix PREFIX # into PREFIX/share/jupyter/kernels/cxq
    python3 kernel/install.py --dir DIR       # into DIR/kernels/cxq (JUPYTER_PATH=DIR finds it)
"""
import argparse, json, os, shutil, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def spec(cxq):
    return {
        "argv": [sys.executable, os.path.join(HERE, "cxq_kernel.py"), "-f", "{connection_file}"],
        "display_name": "cxq",
        "language": "cxq",
        "interrupt_mode": "signal",
        "env": {"CXQ_BINARY": cxq},
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cxq", default=shutil.which("cxq") or os.path.join(ROOT, ".build-release/release/cxq"))
    ap.add_argument("--prefix")
    ap.add_argument("--dir")
    args = ap.parse_args()
    cxq = os.path.abspath(args.cxq)
    if not os.access(cxq, os.X_OK):
        sys.exit("install-kernel: no cxq at %s (build it with 'make release', or give --cxq PATH)" % cxq)
    if args.dir:
        target = os.path.join(args.dir, "kernels", "cxq")
        os.makedirs(target, exist_ok=True)
        with open(os.path.join(target, "kernel.json"), "w") as f:
            json.dump(spec(cxq), f, indent=2)
        print("installed the cxq kernel in %s" % target)
        return
    from jupyter_client.kernelspec import KernelSpecManager
    with tempfile.TemporaryDirectory() as tmp:
        with open(os.path.join(tmp, "kernel.json"), "w") as f:
            json.dump(spec(cxq), f, indent=2)
        where = KernelSpecManager().install_kernel_spec(tmp, "cxq", user=args.prefix is None, prefix=args.prefix)
    print("installed the cxq kernel in %s (cxq: %s)" % (where, cxq))


if __name__ == "__main__":
    main()
