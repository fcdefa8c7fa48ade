"""Helpers of the batch, init and changes tests: folders, jobs, runs.

Every test builds its inbox under RESHORE_SCRATCH from the small inputs
in tests/data/batch, tagged with the job's name in an extra column so
that each input file has contents of its own and can be found wherever
it ends up.
"""

import hashlib
import os
import shutil
import subprocess
import time
import zipfile

BIN = os.environ["RESHORE_BIN"]
SRC = os.environ["RESHORE_SOURCE_DIR"]
SCRATCH = os.environ["RESHORE_SCRATCH"]
DATA = os.path.join(SRC, "tests", "data", "batch")

# Exit statuses (src/cli.h).
OK, REJECTED, USAGE, FAILED, LOCKED, SOME_FAILED = 0, 1, 2, 3, 4, 5

# 2025-06-15 and the day after, 00:00 UTC plus some hours.
DAY1, DAY2 = 1749990000, 1750076400
DATE1, DATE2 = "2025-06-15", "2025-06-16"

INPUTS = ("bom.csv", "locations.csv", "rates.csv", "quotes.csv")


def fresh(*parts):
    """Return an empty folder SCRATCH/parts..., removed first if there."""
    path = os.path.join(SCRATCH, *parts)
    if os.path.lexists(path):
        shutil.rmtree(path)
    os.makedirs(path)
    return path


def read(path):
    with open(path, "rb") as fp:
        return fp.read()


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as fp:
        fp.write(data if isinstance(data, bytes) else data.encode())


def tagged(name, tag):
    """The data file NAME with a column 'tag' holding TAG on each row."""
    lines = read(os.path.join(DATA, name)).decode().splitlines()
    out = [lines[0] + ",tag"] + [line + "," + tag for line in lines[1:]]
    return ("\n".join(out) + "\n").encode()


def age(path, seconds=3600):
    """Set the modification time of PATH (and what it holds) to SECONDS
    ago, so that the settle time has passed."""
    when = time.time() - seconds
    for root, dirs, files in os.walk(path):
        for name in dirs + files:
            os.utime(os.path.join(root, name), (when, when),
                     follow_symlinks=False)
    os.utime(path, (when, when), follow_symlinks=False)


def make_job(inbox, name, files=INPUTS, extra=None):
    """Create the folder job NAME with tagged copies of FILES and the
    files of EXTRA (name -> bytes); return its folder."""
    folder = os.path.join(inbox, name)
    os.makedirs(folder, exist_ok=True)
    for f in files:
        write(os.path.join(folder, f), tagged(f, name))
    for f, data in (extra or {}).items():
        write(os.path.join(folder, f), data)
    age(folder)
    return folder


def run(args, env=None, preexec=None, timeout=300, cwd=None):
    """Run reshore with ARGS; return the CompletedProcess (text)."""
    full_env = dict(os.environ)
    full_env.pop("SOURCE_DATE_EPOCH", None)
    full_env.update(env or {})
    return subprocess.run([BIN] + list(args), env=full_env, cwd=cwd,
                          preexec_fn=preexec, capture_output=True,
                          text=True, timeout=timeout)


def batch(inbox, out, *args, day=DAY1, **kw):
    """Run `reshore batch INBOX --out OUT ARGS` on run date DAY."""
    env = dict(kw.pop("env", None) or {})
    env["SOURCE_DATE_EPOCH"] = str(day)
    return run(["batch", inbox, "--out", out, "--settle", "30"] +
               list(args), env=env, **kw)


LOCK = ".reshore.lock"


def files_under(root):
    """Relative path -> bytes of every regular file under ROOT, and
    relative path -> 'link:TARGET' for symbolic links; the lock file of
    an inbox is left out."""
    found = {}
    for base, dirs, files in os.walk(root):
        for name in files + [d for d in dirs
                             if os.path.islink(os.path.join(base, d))]:
            if name == LOCK and base == root:
                continue
            full = os.path.join(base, name)
            rel = os.path.relpath(full, root)
            if os.path.islink(full):
                found[rel] = "link:" + os.readlink(full)
            else:
                found[rel] = read(full)
    return found


def digest(data):
    return hashlib.sha256(data).hexdigest()


def identity(rel, data):
    """What identifies an input wherever it is: its contents, or for a
    symbolic link its name and target."""
    if isinstance(data, str):
        return os.path.basename(rel) + ":" + data
    return digest(data)


def places(inbox, out):
    """identity -> the paths where it is, in the inbox (stages
    included), the archive and the failed folder under OUT."""
    found = {}
    for where in (inbox, os.path.join(out, "archive"),
                  os.path.join(out, "failed")):
        for rel, data in files_under(where).items():
            found.setdefault(identity(rel, data), []).append(
                os.path.join(where, rel))
    return found


def xlsx_complete(path):
    """True when PATH is a complete zip archive with intact members."""
    try:
        with zipfile.ZipFile(path) as z:
            return z.testzip() is None and "[Content_Types].xml" in \
                z.namelist()
    except zipfile.BadZipFile:
        return False


def log_lines(out):
    """Lines of OUT/reshore.log without their timestamps."""
    path = os.path.join(out, "reshore.log")
    if not os.path.exists(path):
        return []
    return [line.split(" ", 1)[1] for line in
            read(path).decode().splitlines()]
