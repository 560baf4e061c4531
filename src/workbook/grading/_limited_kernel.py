"""An IPython kernel with a memory limit, for grading hand-ins.

``workbook course init`` writes a kernel spec (``workbook-grader``) that starts
this module instead of ipykernel directly, so a cell that tries to take more
memory than the limit fails with MemoryError instead of exhausting the
machine. Usage: python -m workbook.grading._limited_kernel MEGABYTES -f CONNECTION_FILE
"""

from __future__ import annotations

import resource
import sys


def main() -> None:
    limit = int(sys.argv.pop(1)) * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    # The kernel's start-up warnings (such as plain TCP on localhost) would
    # interleave with the grader's progress bar; errors still show.
    sys.argv.append("--IPKernelApp.log_level=ERROR")
    from ipykernel.kernelapp import launch_new_instance

    launch_new_instance()


if __name__ == "__main__":
    main()
