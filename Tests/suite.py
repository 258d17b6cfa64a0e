"""The runner the Python suites share (Tests/pty, Tests/kernel): each test gets a scratch home,
prints ok/FAIL with the traceback, and the run ends with `NAME: N passed, N failed`."""
import argparse, os, shutil, sys, tempfile, traceback


def arguments():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cxq", required=True)
    ap.add_argument("--sim", required=True)
    args = ap.parse_args()
    args.cxq = os.path.abspath(args.cxq)
    args.sim = os.path.abspath(args.sim)
    return args


def run(name, tests):
    passed = failed = 0
    for t in tests:
        home = tempfile.mkdtemp(prefix=f"cxq-{name}-")
        try:
            t(home)
            passed += 1
            print(f"ok   {t.__name__}")
        except Exception:
            failed += 1
            print(f"FAIL {t.__name__}")
            traceback.print_exc()
        finally:
            shutil.rmtree(home, ignore_errors=True)
    print(f"{name}: {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)
