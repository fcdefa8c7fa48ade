#!/usr/bin/env python3
"""tmppeak.py - Peak size of a command's temporary files in one folder

Runs COMMAND and, every 20 ms until it exits, adds up the sizes of the
files it has open under DIR, including the ones already unlinked.
libxlsxwriter unlinks its temporary files right after creating them, so
no directory listing shows them. It reads /proc/PID/fd of COMMAND's
process (Linux only) and prints the peak in bytes. The command runs
with TMPDIR=DIR. A file that grows and is closed between two samples
is missed, so the figure is a lower bound, close when files live long.

Usage: tmppeak.py DIR COMMAND [ARG...]
"""

import os
import subprocess
import sys
import time


def open_bytes(pid, folder):
    """Total size of the files under @folder that @pid has open."""
    fd_dir = "/proc/%d/fd" % pid
    total = 0
    try:
        fds = os.listdir(fd_dir)
    except OSError:
        return 0
    for fd in fds:
        path = os.path.join(fd_dir, fd)
        try:
            target = os.readlink(path)
            if not target.startswith(folder + "/"):
                continue
            total += os.stat(path).st_size
        except OSError:
            continue
    return total


def main():
    if len(sys.argv) < 3:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    folder = os.path.realpath(sys.argv[1])
    env = dict(os.environ, TMPDIR=folder)
    child = subprocess.Popen(sys.argv[2:], env=env)
    peak = 0
    while child.poll() is None:
        peak = max(peak, open_bytes(child.pid, folder))
        time.sleep(0.02)
    print(peak)
    return child.returncode


if __name__ == "__main__":
    sys.exit(main())
