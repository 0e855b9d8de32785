import gc
import sys

from model.cli import main

code = main()
# The process ends here: its objects die with it. Set them aside from the cyclic collector, so that
# the interpreter's last collections at exit do not walk every module's objects once more
# (≈2% of `python -m model simulate`'s instructions on the M/M/3 benchmark, issue 19).
gc.freeze()
sys.exit(code)
