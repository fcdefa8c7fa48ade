"""`reshore batch`: jobs from an inbox, outputs, archive, failed, log.

The mixed inbox has folder jobs, a loose BOM using [files] of the
config, bad inputs, a file still being written, editor and copy-tool
temporary files, and symbolic links. Other tests cover the lock, a full
output file system, an output folder that cannot be written, the READY
marker, recovery of a half-moved job, moves to another file system, and
parallel workers. SIGKILL at many points and SIGTERM are in
test_batch_kill.py.
"""

import fcntl
import gzip
import os
import re
import resource
import shutil
import signal
import stat
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import batchutil as bu  # noqa: E402


def bad_bom():
    """A BOM whose item column is missing."""
    text = bu.tagged("bom.csv", "bad-columns").decode()
    return text.replace("item,", "article_text,", 1).encode()


def truncated_gz():
    """A gzip-compressed BOM cut off in the middle."""
    data = gzip.compress(bu.tagged("bom.csv", "bad-gzip") * 40)
    return data[: len(data) // 2]


class MixedInbox(unittest.TestCase):
    """One run over an inbox with every kind of entry."""

    @classmethod
    def setUpClass(cls):
        root = bu.fresh("mixed")
        cls.root = root
        cls.inbox = os.path.join(root, "inbox")
        cls.out = os.path.join(root, "out")
        shared = os.path.join(root, "shared")
        inbox = cls.inbox
        os.makedirs(inbox)

        # Good folder jobs; one with editor and copy-tool files.
        cls.good = bu.make_job(inbox, "good-a", extra={
            "~$bom.csv": b"owner", ".~lock.bom.csv#": b"lock",
            "bom.csv.filepart": b"partial", "x.tmp": b"tmp"})
        bu.make_job(inbox, "good-b", files=("bom.csv", "locations.csv",
                                            "rates.csv"))
        # A loose BOM using [files] of the config.
        bu.write(os.path.join(shared, "locations.csv"),
                 bu.tagged("locations.csv", "shared"))
        bu.write(os.path.join(shared, "rates.csv"),
                 bu.tagged("rates.csv", "shared"))
        cls.config = os.path.join(shared, "reshore.ini")
        bu.write(cls.config, "[files]\nlocations = locations.csv\n"
                             "rates = rates.csv\n")
        bu.write(os.path.join(inbox, "loose.csv"),
                 bu.tagged("bom.csv", "loose"))
        # Bad jobs: a missing column, a truncated gzip.
        bu.make_job(inbox, "bad-columns", files=("locations.csv",),
                    extra={"bom.csv": bad_bom()})
        bu.make_job(inbox, "bad-gzip", files=("locations.csv",),
                    extra={"bom.csv.gz": truncated_gz()})
        # A job still being written.
        bu.make_job(inbox, "fresh")
        os.utime(os.path.join(inbox, "fresh", "bom.csv"))
        # Symbolic links out of the inbox, in a job and loose.
        cls.secret = os.path.join(root, "outside", "secret.csv")
        bu.write(cls.secret, bu.tagged("locations.csv", "secret"))
        cls.secret_stat = os.stat(cls.secret)
        bu.make_job(inbox, "linked", files=("bom.csv",))
        os.symlink(cls.secret, os.path.join(inbox, "linked",
                                            "locations.csv"))
        os.symlink(cls.secret, os.path.join(inbox, "link.csv"))
        # Temporary names directly in the inbox.
        bu.write(os.path.join(inbox, "y.tmp"), b"t")
        bu.write(os.path.join(inbox, "~$loose.csv"), b"o")
        bu.age(inbox)
        os.utime(os.path.join(inbox, "fresh", "bom.csv"))

        cls.before = bu.files_under(inbox)
        cls.result = bu.batch(inbox, cls.out, "--config", cls.config)
        cls.archive = os.path.join(cls.out, "archive", bu.DATE1)
        cls.failed = os.path.join(cls.out, "failed", bu.DATE1)

    def test_exit_status_some_failed(self):
        self.assertEqual(self.result.returncode, bu.SOME_FAILED,
                         self.result.stderr)

    def test_workbooks_written(self):
        for job in ("good-a", "good-b", "loose"):
            book = os.path.join(self.out, f"{job}-{bu.DATE1}.xlsx")
            self.assertTrue(bu.xlsx_complete(book), book)
            detail = os.path.join(self.out,
                                  f"{job}-{bu.DATE1}.detail.csv.gz")
            with gzip.open(detail, "rt") as fp:
                self.assertTrue(fp.readline().startswith("item,"))
        names = sorted(n for n in os.listdir(self.out)
                       if n.endswith(".xlsx"))
        self.assertEqual(names, [f"good-a-{bu.DATE1}.xlsx",
                                 f"good-b-{bu.DATE1}.xlsx",
                                 f"loose-{bu.DATE1}.xlsx"])
        self.assertEqual([n for n in os.listdir(self.out) if ".tmp" in n],
                         [])

    def test_inputs_archived_unchanged(self):
        for f in bu.INPUTS:
            self.assertEqual(
                bu.read(os.path.join(self.archive, "good-a", f)),
                self.before[os.path.join("good-a", f)])
        self.assertEqual(
            bu.read(os.path.join(self.archive, "loose", "loose.csv")),
            self.before["loose.csv"])
        self.assertFalse(os.path.exists(os.path.join(self.inbox,
                                                     "loose.csv")))
        # Files of [files] are shared: never moved.
        self.assertTrue(os.path.exists(os.path.join(
            self.root, "shared", "locations.csv")))

    def test_temporary_files_stay(self):
        for f in ("~$bom.csv", ".~lock.bom.csv#", "bom.csv.filepart",
                  "x.tmp"):
            self.assertEqual(bu.read(os.path.join(self.good, f)),
                             self.before[os.path.join("good-a", f)])
        self.assertFalse(os.path.exists(os.path.join(self.good,
                                                     "bom.csv")))
        self.assertTrue(os.path.exists(os.path.join(self.inbox, "y.tmp")))
        self.assertTrue(os.path.exists(os.path.join(self.inbox,
                                                    "~$loose.csv")))
        # The emptied job folder is gone.
        self.assertFalse(os.path.exists(os.path.join(self.inbox,
                                                     "good-b")))

    def test_fresh_job_waits(self):
        now = bu.files_under(os.path.join(self.inbox, "fresh"))
        self.assertEqual(sorted(now), sorted(bu.INPUTS))
        for f in bu.INPUTS:
            self.assertEqual(now[f], self.before[os.path.join("fresh", f)])
        self.assertIn("wait fresh: bom.csv changed", "\n".join(
            bu.log_lines(self.out)))

    def test_bad_columns_failed_report(self):
        folder = os.path.join(self.failed, "bad-columns")
        self.assertEqual(sorted(os.listdir(folder)),
                         ["bad-columns.error.txt", "bom.csv",
                          "locations.csv"])
        self.assertEqual(bu.read(os.path.join(folder, "bom.csv")),
                         self.before[os.path.join("bad-columns",
                                                  "bom.csv")])
        report = bu.read(os.path.join(folder,
                                      "bad-columns.error.txt")).decode()
        self.assertIn("What is wrong:", report)
        self.assertIn("bom.csv:1: is not a BOM, locations, quotes, tariff "
                      "or rates file", report)
        self.assertIn("the job has no BOM", report)
        self.assertIn("What to do:", report)
        self.assertIn(self.inbox, report)
        self.assertRegex(self.result.stderr,
                         r"(?m)^FAILED bad-columns: .*bom\.csv")

    def test_bad_gzip_failed_report(self):
        folder = os.path.join(self.failed, "bad-gzip")
        report = bu.read(os.path.join(folder,
                                      "bad-gzip.error.txt")).decode()
        self.assertRegex(report, r"bom\.csv\.gz.*(gzip|truncated)")
        self.assertEqual(bu.read(os.path.join(folder, "bom.csv.gz")),
                         self.before[os.path.join("bad-gzip",
                                                  "bom.csv.gz")])

    def test_symlink_in_job_fails_link_moved(self):
        folder = os.path.join(self.failed, "linked")
        link = os.path.join(folder, "locations.csv")
        self.assertTrue(os.path.islink(link))
        self.assertEqual(os.readlink(link), self.secret)
        report = bu.read(os.path.join(folder, "linked.error.txt")).decode()
        self.assertIn("locations.csv: is a symbolic link", report)
        after = os.stat(self.secret)
        self.assertEqual(bu.read(self.secret),
                         bu.tagged("locations.csv", "secret"))
        self.assertEqual(after.st_mtime_ns, self.secret_stat.st_mtime_ns)

    def test_loose_symlink_fails(self):
        link = os.path.join(self.failed, "link", "link.csv")
        self.assertTrue(os.path.islink(link))
        self.assertFalse(os.path.lexists(os.path.join(self.inbox,
                                                      "link.csv")))
        self.assertTrue(os.path.exists(self.secret))

    def test_every_input_in_one_place(self):
        places = bu.places(self.inbox, self.out)
        for rel, data in self.before.items():
            key = bu.identity(rel, data)
            self.assertEqual(len(places.get(key, [])), 1,
                             f"{rel}: {places.get(key)}")

    def test_stderr_summary(self):
        err = self.result.stderr
        self.assertRegex(err, r"(?m)^ok  good-a: 3 items x 3 locations -> "
                         + re.escape(self.out) + r"/good-a-2025-06-15\.xlsx$")
        self.assertRegex(err, r"(?m)^ok  loose: 3 items x 3 locations")
        self.assertRegex(err, r"(?m)^FAILED linked: ")
        self.assertRegex(err, r"(?m)^reshore: 7 jobs: 3 ok, 4 failed, 0 "
                              r"left in the inbox after an error; 1 "
                              r"waiting for a later run$")

    def test_log_records_run(self):
        lines = bu.log_lines(self.out)
        self.assertTrue(lines[0].startswith("start pid "), lines)
        self.assertTrue(lines[-1].startswith("end: 7 jobs: 3 ok, 4 failed"),
                        lines)
        self.assertTrue(lines[-1].endswith("exit status 5"), lines)
        text = "\n".join(lines)
        for job in ("good-a", "good-b", "loose"):
            self.assertIn(f"ok {job}: 3 items x 3 locations -> ", text)
        for job in ("bad-columns", "bad-gzip", "linked", "link"):
            self.assertRegex(text, rf"(?m)^FAILED {job}: .*; inputs -> "
                                   + re.escape(self.failed))

    def test_quiet_prints_only_failures(self):
        root = bu.fresh("quiet")
        inbox = os.path.join(root, "inbox")
        bu.make_job(inbox, "good")
        bu.make_job(inbox, "bad", files=("locations.csv",),
                    extra={"bom.csv": bad_bom()})
        bu.age(inbox)
        r = bu.batch(inbox, os.path.join(root, "out"), "-q")
        self.assertEqual(r.returncode, bu.SOME_FAILED)
        self.assertRegex(r.stderr, r"^FAILED bad: [^\n]*\n$")


class Lock(unittest.TestCase):
    """One run at a time."""

    def test_held_lock_refused(self):
        root = bu.fresh("lock")
        inbox = os.path.join(root, "inbox")
        bu.make_job(inbox, "job")
        with open(os.path.join(inbox, ".reshore.lock"), "w") as fp:
            fcntl.flock(fp, fcntl.LOCK_EX | fcntl.LOCK_NB)
            fp.write("%d\n" % os.getpid())
            fp.flush()
            r = bu.batch(inbox, os.path.join(root, "out"))
        self.assertEqual(r.returncode, bu.LOCKED)
        self.assertEqual(
            r.stderr, f"reshore: another run is in progress (lock {inbox}"
                      f"/.reshore.lock held by pid {os.getpid()})\n")
        self.assertTrue(os.path.exists(os.path.join(inbox, "job",
                                                    "bom.csv")))
        # Once released, the next run takes the job.
        r = bu.batch(inbox, os.path.join(root, "out"))
        self.assertEqual(r.returncode, bu.OK, r.stderr)

    def test_second_run_refused_while_first_runs(self):
        root = bu.fresh("lock2")
        inbox = os.path.join(root, "inbox")
        out = os.path.join(root, "out")
        for i in range(12):
            bu.make_job(inbox, f"job{i:02d}")
        env = dict(os.environ, SOURCE_DATE_EPOCH=str(bu.DAY1))
        first = subprocess.Popen([bu.BIN, "batch", inbox, "--out", out,
                                  "--jobs", "1", "--settle", "30"],
                                 env=env, stderr=subprocess.PIPE,
                                 text=True)
        lock = os.path.join(inbox, ".reshore.lock")
        deadline = time.time() + 30
        while time.time() < deadline:
            if os.path.exists(lock) and \
                    bu.read(lock).strip() == str(first.pid).encode():
                break
            time.sleep(0.001)
        first.send_signal(signal.SIGSTOP)
        try:
            if first.poll() is not None:
                self.skipTest("the first run ended before it was stopped")
            second = bu.batch(inbox, out)
        finally:
            first.send_signal(signal.SIGCONT)
            first_err = first.communicate(timeout=120)[1]
        self.assertEqual(second.returncode, bu.LOCKED, second.stderr)
        self.assertIn(f"held by pid {first.pid})", second.stderr)
        self.assertEqual(first.returncode, bu.OK, first_err)

    def test_killed_holder_does_not_block(self):
        root = bu.fresh("lock3")
        inbox = os.path.join(root, "inbox")
        bu.make_job(inbox, "job")
        holder = subprocess.Popen(
            [sys.executable, "-c",
             "import fcntl,sys,time\n"
             "f=open(sys.argv[1],'w')\n"
             "fcntl.flock(f,fcntl.LOCK_EX)\n"
             "print('locked',flush=True)\ntime.sleep(60)\n",
             os.path.join(inbox, ".reshore.lock")],
            stdout=subprocess.PIPE, text=True)
        self.assertEqual(holder.stdout.readline().strip(), "locked")
        r = bu.batch(inbox, os.path.join(root, "out"))
        self.assertEqual(r.returncode, bu.LOCKED)
        self.assertIn("held by another process", r.stderr)
        holder.kill()
        holder.wait()
        holder.stdout.close()
        r = bu.batch(inbox, os.path.join(root, "out"))
        self.assertEqual(r.returncode, bu.OK, r.stderr)


def limit_file_size():
    """In the child: writes past 16 KiB fail with EFBIG (a full disk).
    SIGXFSZ keeps its default action: reshore must ignore it itself."""
    signal.signal(signal.SIGXFSZ, signal.SIG_DFL)
    resource.setrlimit(resource.RLIMIT_FSIZE, (16384, 16384))


class OutputProblems(unittest.TestCase):
    """Output and system problems leave the inputs in the inbox."""

    def test_full_output_file_system(self):
        root = bu.fresh("full")
        inbox = os.path.join(root, "inbox")
        out = os.path.join(root, "out")
        bu.make_job(inbox, "job")
        before = bu.files_under(inbox)
        r = bu.batch(inbox, out, preexec=limit_file_size)
        self.assertEqual(r.returncode, bu.FAILED, r.stderr)
        book = os.path.join(out, f"job-{bu.DATE1}.xlsx")
        self.assertRegex(r.stderr, r"(?m)^FAILED job: " + re.escape(book)
                         + r": .*File too large.*\(inputs kept in the "
                           r"inbox for the next run\)$")
        self.assertEqual(bu.files_under(inbox), before)
        self.assertEqual(sorted(os.listdir(out)),
                         ["archive", "failed", "reshore.log"])
        self.assertEqual(os.listdir(os.path.join(out, "failed")), [])
        self.assertIn("FAILED job: ", "\n".join(bu.log_lines(out)))
        # With room again, the next run takes the job.
        r = bu.batch(inbox, out)
        self.assertEqual(r.returncode, bu.OK, r.stderr)
        self.assertTrue(bu.xlsx_complete(book))

    def test_unwritable_output_folder(self):
        root = bu.fresh("readonly")
        inbox = os.path.join(root, "inbox")
        out = os.path.join(root, "out")
        bu.make_job(inbox, "job")
        os.makedirs(out)
        preexec = None
        if os.geteuid() == 0:
            # Permissions do not bind root: run as nobody instead.
            for path in (root, inbox, os.path.join(inbox, "job")):
                os.chmod(path, 0o777)
            for name in os.listdir(os.path.join(inbox, "job")):
                os.chmod(os.path.join(inbox, "job", name), 0o666)
            if not executable_by_nobody(bu.BIN) or \
                    not executable_by_nobody(root):
                self.skipTest("the binary is not reachable for nobody")

            def preexec():
                os.setgid(65534)
                os.setuid(65534)
        os.chmod(out, 0o555)
        before = bu.files_under(inbox)
        r = bu.batch(inbox, out, preexec=preexec)
        self.assertEqual(r.returncode, bu.FAILED, r.stderr)
        self.assertIn(f"cannot write to the output folder {out}: "
                      "Permission denied", r.stderr)
        self.assertEqual(bu.files_under(inbox), before)
        self.assertEqual(os.listdir(out), [])


def executable_by_nobody(path):
    """True when every folder above PATH and PATH itself let others in."""
    path = os.path.abspath(path)
    while True:
        mode = os.stat(path).st_mode
        if not mode & stat.S_IXOTH:
            return False
        parent = os.path.dirname(path)
        if parent == path:
            return True
        path = parent


class Options(unittest.TestCase):

    def test_usage_errors(self):
        root = bu.fresh("usage")
        r = bu.run(["batch", root])
        self.assertEqual(r.returncode, bu.USAGE)
        self.assertIn("--out", r.stderr)
        r = bu.run(["batch", root, "--out", root + "/o", "--jobs", "x"])
        self.assertEqual(r.returncode, bu.USAGE)
        r = bu.run(["batch", "--out", root + "/o"])
        self.assertEqual(r.returncode, bu.USAGE)

    def test_missing_inbox(self):
        root = bu.fresh("noinbox")
        r = bu.run(["batch", root + "/none", "--out", root + "/o"])
        self.assertEqual(r.returncode, bu.FAILED)
        self.assertIn("cannot use the inbox folder", r.stderr)

    def test_out_must_not_be_inbox(self):
        root = bu.fresh("same")
        r = bu.run(["batch", root, "--out", root])
        self.assertEqual(r.returncode, bu.USAGE)
        self.assertEqual(
            r.stderr, f"reshore: the output folder {root} is the inbox "
                      f"{root}; give --out a folder outside the inbox; "
                      "see 'reshore --help'\n")
        self.assertEqual(os.listdir(root), [])

    def test_folders_in_inbox_refused_first(self):
        root = bu.fresh("overlap")
        inbox = os.path.join(root, "inbox")
        bu.make_job(inbox, "job")
        os.symlink(inbox, os.path.join(root, "link"))
        before = bu.files_under(inbox)
        cases = [
            (["--out", os.path.join(inbox, "out")], "output"),
            (["--out", inbox + "/"], "output"),
            (["--out", os.path.join(root, "x", "..", "inbox", "o")],
             "output"),
            (["--out", os.path.join(root, "link", "o")], "output"),
            (["--out", os.path.join(root, "out"), "--archive",
              os.path.join(inbox, "job", "a")], "archive"),
            (["--out", os.path.join(root, "out"), "--failed", inbox],
             "failed"),
        ]
        for args, role in cases:
            r = bu.run(["batch", inbox, "--settle", "0"] + args)
            self.assertEqual(r.returncode, bu.USAGE, (args, r.stderr))
            self.assertRegex(r.stderr, rf"^reshore: the {role} folder .* "
                             r"(is|lies inside) the inbox ", args)
            self.assertEqual(bu.files_under(inbox), before, args)
            self.assertEqual(sorted(os.listdir(root)), ["inbox", "link"],
                             args)
        self.assertEqual(sorted(os.listdir(inbox)), ["job"])

    def test_sibling_with_inbox_prefix_accepted(self):
        root = bu.fresh("prefix")
        inbox = os.path.join(root, "in")
        os.makedirs(inbox)
        r = bu.batch(inbox, os.path.join(root, "in-out"))
        self.assertEqual(r.returncode, bu.OK, r.stderr)

    def test_empty_inbox_succeeds(self):
        root = bu.fresh("empty")
        inbox = os.path.join(root, "inbox")
        os.makedirs(inbox)
        r = bu.batch(inbox, os.path.join(root, "out"))
        self.assertEqual(r.returncode, bu.OK, r.stderr)
        lines = bu.log_lines(os.path.join(root, "out"))
        self.assertEqual(len(lines), 2, lines)
        self.assertTrue(lines[1].startswith("end: 0 jobs"), lines)

    def test_closed_stderr_run_finishes(self):
        # A cron mailer that went away: writes to stderr fail with EPIPE,
        # and the run still moves the job and completes its log.
        root = bu.fresh("closed-stderr")
        inbox = os.path.join(root, "inbox")
        bu.write(os.path.join(inbox, "alone.csv"), bu.tagged("bom.csv", "a"))
        bu.age(inbox)
        out = os.path.join(root, "out")
        read_end, write_end = os.pipe()
        os.close(read_end)
        env = dict(os.environ)
        env["SOURCE_DATE_EPOCH"] = str(bu.DAY1)
        try:
            r = subprocess.run([bu.BIN, "batch", inbox, "--out", out,
                                "--settle", "30"], env=env,
                               stdout=subprocess.DEVNULL, stderr=write_end,
                               timeout=300)
        finally:
            os.close(write_end)
        self.assertEqual(r.returncode, bu.FAILED)
        self.assertTrue(os.path.exists(os.path.join(
            out, "failed", bu.DATE1, "alone", "alone.csv")))
        lines = bu.log_lines(out)
        self.assertTrue(lines[-1].startswith("end: 1 job"), lines)

    def test_no_stderr_keeps_lock_clean(self):
        # With descriptor 2 closed, the lock file must not become stderr.
        root = bu.fresh("no-stderr")
        inbox = os.path.join(root, "inbox")
        bu.write(os.path.join(inbox, "alone.csv"), bu.tagged("bom.csv", "a"))
        bu.age(inbox)
        out = os.path.join(root, "out")
        env = dict(os.environ)
        env["SOURCE_DATE_EPOCH"] = str(bu.DAY1)
        r = subprocess.run([bu.BIN, "batch", inbox, "--out", out,
                            "--settle", "30"], env=env,
                           stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL,
                           preexec_fn=lambda: os.close(2), timeout=300)
        self.assertEqual(r.returncode, bu.FAILED)
        with open(os.path.join(inbox, bu.LOCK)) as fp:
            self.assertRegex(fp.read(), r"^\d*\n?$")

    def test_loose_bom_without_locations(self):
        root = bu.fresh("loose-alone")
        inbox = os.path.join(root, "inbox")
        bu.write(os.path.join(inbox, "alone.csv"), bu.tagged("bom.csv", "a"))
        bu.age(inbox)
        out = os.path.join(root, "out")
        r = bu.batch(inbox, out)
        self.assertEqual(r.returncode, bu.FAILED, r.stderr)
        self.assertIn("FAILED alone: alone.csv: is a BOM directly in the "
                      "inbox, but no locations file goes with it", r.stderr)
        self.assertTrue(os.path.exists(os.path.join(
            out, "failed", bu.DATE1, "alone", "alone.csv")))

    def test_folder_in_job_folder_warned(self):
        root = bu.fresh("nested-folder")
        inbox = os.path.join(root, "inbox")
        os.makedirs(os.path.join(inbox, "job", "sub"))
        bu.age(inbox)
        r = bu.batch(inbox, os.path.join(root, "out"))
        self.assertEqual(r.returncode, bu.OK, r.stderr)
        self.assertIn("job: value 'sub' is a folder inside a job folder; "
                      "it is not read and stays where it is", r.stderr)
        self.assertIn("[warning]", r.stderr)
        self.assertTrue(os.path.isdir(os.path.join(inbox, "job", "sub")))

    def test_loose_file_not_a_bom(self):
        root = bu.fresh("loose-not-bom")
        inbox = os.path.join(root, "inbox")
        bu.write(os.path.join(inbox, "notes.csv"), b"foo,bar\n1,2\n")
        bu.age(inbox)
        out = os.path.join(root, "out")
        r = bu.batch(inbox, out)
        self.assertEqual(r.returncode, bu.FAILED, r.stderr)
        report = bu.read(os.path.join(out, "failed", bu.DATE1, "notes",
                                      "notes.error.txt")).decode("utf-8")
        self.assertIn("notes.csv:1: is not a BOM, locations", report)
        # Only the real fault: a file that is no BOM needs no locations.
        self.assertNotIn("no locations file goes with it", report)

    def test_two_boms_in_a_job(self):
        root = bu.fresh("two-boms")
        inbox = os.path.join(root, "inbox")
        bu.make_job(inbox, "job", extra={
            "bom2.csv": bu.tagged("bom.csv", "second"),
            "notes.txt": b"call the supplier\n"})
        r = bu.batch(inbox, os.path.join(root, "out"))
        self.assertEqual(r.returncode, bu.FAILED, r.stderr)
        report = bu.read(os.path.join(root, "out", "failed", bu.DATE1, "job",
                                      "job.error.txt")).decode()
        self.assertIn("is a second bom file besides", report)
        self.assertIn("notes.txt:1: is not a BOM, locations", report)

class ReadyMarker(unittest.TestCase):

    def test_ready_marker_required(self):
        root = bu.fresh("ready")
        inbox = os.path.join(root, "inbox")
        out = os.path.join(root, "out")
        bu.make_job(inbox, "waiting")
        bu.make_job(inbox, "marked", extra={"READY": b""})
        r = bu.batch(inbox, out, "--ready", "-v")
        self.assertEqual(r.returncode, bu.OK, r.stderr)
        self.assertIn("wait waiting: waiting for a READY file", r.stderr)
        archived = os.path.join(out, "archive", bu.DATE1, "marked")
        self.assertTrue(os.path.exists(os.path.join(archived, "READY")))
        self.assertTrue(os.path.exists(os.path.join(inbox, "waiting",
                                                    "bom.csv")))

    def test_ready_marker_from_config(self):
        root = bu.fresh("ready-config")
        inbox = os.path.join(root, "inbox")
        config = os.path.join(root, "run.ini")
        bu.write(config, "[batch]\nready_marker = yes\n"
                         "settle_seconds = 0\n")
        bu.make_job(inbox, "waiting")
        os.utime(os.path.join(inbox, "waiting", "bom.csv"))
        r = bu.run(["batch", inbox, "--out", os.path.join(root, "out"),
                    "--config", config])
        self.assertEqual(r.returncode, bu.OK, r.stderr)
        self.assertIn("0 jobs", r.stderr)
        bu.write(os.path.join(inbox, "waiting", "READY"), b"")
        r = bu.run(["batch", inbox, "--out", os.path.join(root, "out"),
                    "--config", config])
        self.assertIn("1 job: 1 ok", r.stderr)


class Recovery(unittest.TestCase):

    def test_half_moved_job_completed(self):
        """A run died after deciding: one input archived, one staged."""
        root = bu.fresh("recover")
        inbox = os.path.join(root, "inbox")
        out = os.path.join(root, "out")
        dest = os.path.join(out, "archive", bu.DATE1, "job")
        stage = os.path.join(inbox, ".reshore-work", "d-job")
        bu.write(os.path.join(stage, "locations.csv"),
                 bu.tagged("locations.csv", "job"))
        bu.write(os.path.join(dest, "bom.csv"), bu.tagged("bom.csv", "job"))
        bu.write(os.path.join(stage, ".journal"),
                 f"reshore batch journal 1\nstate ok\njob job\n"
                 f"output {out}/job-{bu.DATE1}.xlsx\ndest {dest}\n")
        r = bu.batch(inbox, out)
        self.assertEqual(r.returncode, bu.OK, r.stderr)
        self.assertEqual(sorted(os.listdir(dest)),
                         ["bom.csv", "locations.csv"])
        self.assertFalse(os.path.exists(stage))
        self.assertIn("reshore: finished the job job, left unfinished by "
                      f"an earlier run: inputs -> {dest}\n", r.stderr)
        self.assertIn("recovered job left unfinished by an earlier run: "
                      f"finished, inputs -> {dest}", bu.log_lines(out))

    def test_unfinished_recovery_fails_run(self):
        """A stage that still cannot be moved stays, and the run fails."""
        root = bu.fresh("recover-blocked")
        inbox = os.path.join(root, "inbox")
        out = os.path.join(root, "out")
        bu.write(os.path.join(out, "blocker"), b"a file, not a folder")
        dest = os.path.join(out, "blocker", "job")
        stage = os.path.join(inbox, ".reshore-work", "d-job")
        bu.write(os.path.join(stage, "locations.csv"),
                 bu.tagged("locations.csv", "job"))
        bu.write(os.path.join(stage, ".journal"),
                 f"reshore batch journal 1\nstate ok\njob job\n"
                 f"output {out}/job-{bu.DATE1}.xlsx\ndest {dest}\n")
        r = bu.batch(inbox, out)
        self.assertEqual(r.returncode, bu.FAILED, r.stderr)
        self.assertIn("cannot finish the job job of an earlier run", r.stderr)
        self.assertIn("1 left in the inbox after an error", r.stderr)
        self.assertTrue(os.path.exists(os.path.join(stage, "locations.csv")))

    def test_claimed_job_given_back(self):
        """A run died while the job ran: partial outputs go, inputs come
        back, and this run does the job."""
        root = bu.fresh("giveback")
        inbox = os.path.join(root, "inbox")
        out = os.path.join(root, "out")
        folder = bu.make_job(inbox, "job")
        stage = os.path.join(inbox, ".reshore-work", "d-job")
        os.makedirs(stage)
        os.rename(os.path.join(folder, "bom.csv"),
                  os.path.join(stage, "bom.csv"))
        book = os.path.join(out, f"job-{bu.DATE1}.xlsx")
        bu.write(book, b"PK partial")
        bu.write(os.path.join(out, f".job-{bu.DATE1}.xlsx.tmp-aBc123"),
                 b"PK")
        bu.write(os.path.join(stage, ".journal"),
                 f"reshore batch journal 1\nstate claimed\njob job\n"
                 f"output {book}\n")
        r = bu.batch(inbox, out)
        self.assertEqual(r.returncode, bu.OK, r.stderr)
        self.assertTrue(bu.xlsx_complete(book))
        self.assertEqual([n for n in os.listdir(out) if "tmp" in n], [])
        archived = os.path.join(out, "archive", bu.DATE1, "job")
        self.assertEqual(sorted(os.listdir(archived)), sorted(bu.INPUTS))
        # The job was released, not finished, and the messages tell.
        self.assertIn("reshore: the job job, left unfinished by an earlier "
                      "run, did not finish; its inputs are back in the "
                      "inbox\n", r.stderr)
        self.assertNotIn("finished the job", r.stderr)
        self.assertIn("recovered job left unfinished by an earlier run: not "
                      "finished, inputs -> the inbox", bu.log_lines(out))


def children(pid):
    """Process ids whose parent is PID, from /proc."""
    found = []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat") as fp:
                stat_line = fp.read()
        except OSError:
            continue
        # The command name may hold spaces: the fields follow its ')'.
        if int(stat_line.rsplit(")", 1)[1].split()[1]) == pid:
            found.append(int(name))
    return found


def big_bom(rows):
    """A BOM of ROWS items, for a job whose workbook takes a while."""
    lines = bu.read(os.path.join(bu.DATA, "bom.csv")).decode().splitlines()
    body = lines[1].split(",", 1)[1]
    out = [lines[0]] + [f"B-{i:06d},{body}" for i in range(rows)]
    return ("\n".join(out) + "\n").encode()


class Crash(unittest.TestCase):
    """A worker that crashes while it writes: its job goes to the failed
    folder with a report, and its temporary outputs go."""

    def crash_while_writing(self, signo):
        """Run an inbox of a large job 'a' and a small job 'b', and send
        SIGNO to the worker of 'a' while its workbook is being written.
        Returns (root, inbox, out, inputs before, process, stderr)."""
        env = dict(os.environ, SOURCE_DATE_EPOCH=str(bu.DAY1))
        # The sanitizers would catch SIGSEGV and exit with a status.
        for key in ("ASAN_OPTIONS", "UBSAN_OPTIONS"):
            env[key] = (env.get(key, "") + ":handle_segv=0").lstrip(":")
        for attempt in range(5):
            root = bu.fresh("crash", str(attempt))
            inbox = os.path.join(root, "inbox")
            out = os.path.join(root, "out")
            bu.make_job(inbox, "a", files=("locations.csv", "rates.csv"),
                        extra={"bom.csv": big_bom(40000)})
            bu.make_job(inbox, "b")
            before = bu.files_under(inbox)
            run = subprocess.Popen(
                [bu.BIN, "batch", inbox, "--out", out, "--settle", "0",
                 "--jobs", "1"], env=env, stderr=subprocess.PIPE,
                text=True)

            def writing():
                return os.path.isdir(out) and any(
                    n.startswith(".a-") and ".tmp-" in n
                    for n in os.listdir(out))
            while run.poll() is None and not writing():
                time.sleep(0.001)
            workers = children(run.pid)
            for pid in workers:
                os.kill(pid, signal.SIGSTOP)
            if len(workers) == 1 and writing():
                os.kill(workers[0], signo)
                os.kill(workers[0], signal.SIGCONT)
                err = run.communicate(timeout=300)[1]
                return root, inbox, out, before, run, err
            for pid in workers:
                os.kill(pid, signal.SIGCONT)
            run.communicate(timeout=300)
        self.skipTest("the worker was never caught writing")

    def test_crashed_worker_cleaned_up(self):
        root, inbox, out, before, run, err = \
            self.crash_while_writing(signal.SIGSEGV)
        self.assertEqual(run.returncode, bu.SOME_FAILED, err)
        self.assertRegex(err, r"(?m)^FAILED a: the worker process stopped "
                              rf"on signal {int(signal.SIGSEGV)} \(")
        self.assertRegex(err, r"(?m)^ok  b: ")
        self.assertEqual([n for n in os.listdir(out) if ".tmp-" in n], [])
        self.assertFalse(os.path.exists(
            os.path.join(out, f"a-{bu.DATE1}.xlsx")))
        self.assertTrue(bu.xlsx_complete(
            os.path.join(out, f"b-{bu.DATE1}.xlsx")))
        self.assertEqual(bu.files_under(inbox), {})

        # The inputs of 'a' are in the failed folder, as received.
        failed = os.path.join(out, "failed", bu.DATE1, "a")
        for name in ("bom.csv", "locations.csv", "rates.csv"):
            self.assertEqual(bu.read(os.path.join(failed, name)),
                             before[os.path.join("a", name)])

    def test_crash_report_wording(self):
        root, inbox, out, before, run, err = \
            self.crash_while_writing(signal.SIGSEGV)
        failed = os.path.join(out, "failed", bu.DATE1, "a")
        report = bu.read(os.path.join(failed, "a.error.txt")).decode()
        self.assertIn("reshore could not finish the job 'a'", report)
        self.assertIn("What happened:", report)
        self.assertIn("reshore stopped unexpectedly on signal "
                      f"{int(signal.SIGSEGV)} ", report)
        self.assertIn("workbook and detail CSV were removed from\n  "
                      + out + "\n", report)
        self.assertIn("run the job again", report)
        self.assertIn(f"mv '{failed}' '{inbox}/'", report)
        self.assertNotIn("correct the files", report)
        self.assertNotIn("FILE:LINE:FIELD", report)


class Leftovers(unittest.TestCase):
    """Temporary outputs of crashed runs are removed at the start."""

    LEFTOVERS = (f".a-{bu.DATE1}.xlsx.tmp-RiGk37",
                 f".a-{bu.DATE1}-2.detail.csv.gz.tmp-abc123",
                 ".reshore.tmp-Q1w2E3")
    OTHERS = (".notes.tmp-abcdef", "a.xlsx.tmp-abcdef",
              f".a-{bu.DATE1}.xlsx.tmp-abc", f".a-{bu.DATE1}.xlsx",
              ".a-2025-6-15.xlsx.tmp-abcdef",
              f".-{bu.DATE1}.xlsx.tmp-abcdef",
              f".a-{bu.DATE1}.csv.tmp-abcdef", f"a-{bu.DATE1}.xlsx")

    def make_out(self, name):
        root = bu.fresh(name)
        inbox = os.path.join(root, "inbox")
        out = os.path.join(root, "out")
        os.makedirs(inbox)
        for name in self.LEFTOVERS + self.OTHERS:
            bu.write(os.path.join(out, name), name)
        # Only regular files go: not a folder, not a link.
        os.makedirs(os.path.join(out, f".b-{bu.DATE1}.xlsx.tmp-abcdef"))
        os.symlink(os.path.join(out, "a.xlsx.tmp-abcdef"),
                   os.path.join(out, f".c-{bu.DATE1}.xlsx.tmp-abcdef"))
        return inbox, out

    def test_leftovers_removed_at_start(self):
        inbox, out = self.make_out("leftovers")
        r = bu.batch(inbox, out)
        self.assertEqual(r.returncode, bu.OK, r.stderr)
        names = os.listdir(out)
        for name in self.LEFTOVERS:
            self.assertNotIn(name, names)
        for name in self.OTHERS:
            self.assertEqual(bu.read(os.path.join(out, name)),
                             name.encode())
        self.assertTrue(os.path.isdir(
            os.path.join(out, f".b-{bu.DATE1}.xlsx.tmp-abcdef")))
        self.assertTrue(os.path.islink(
            os.path.join(out, f".c-{bu.DATE1}.xlsx.tmp-abcdef")))
        log = "\n".join(bu.log_lines(out))
        for name in self.LEFTOVERS:
            self.assertIn(os.path.join(out, name) + ": removed this "
                          "temporary file", log)

    def test_leftovers_kept_while_folder_shared(self):
        inbox, out = self.make_out("leftovers-shared")
        fd = os.open(out, os.O_RDONLY | os.O_DIRECTORY)
        try:
            # A run of another inbox writes into the same folder.
            fcntl.flock(fd, fcntl.LOCK_SH)
            r = bu.batch(inbox, out)
        finally:
            os.close(fd)
        self.assertEqual(r.returncode, bu.OK, r.stderr)
        for name in self.LEFTOVERS:
            self.assertTrue(os.path.exists(os.path.join(out, name)))
        self.assertIn("another run uses the output folder",
                      "\n".join(bu.log_lines(out)))
        r = bu.batch(inbox, out)
        self.assertEqual(r.returncode, bu.OK, r.stderr)
        for name in self.LEFTOVERS:
            self.assertFalse(os.path.exists(os.path.join(out, name)))


class SharedFiles(unittest.TestCase):
    """A file named in [files] of --config that cannot be used is the
    administrator's to repair: the jobs that need it stay in the inbox."""

    def make_inbox(self, name, locations):
        root = bu.fresh(name)
        inbox = os.path.join(root, "inbox")
        shared = os.path.join(root, "shared")
        config = os.path.join(shared, "reshore.ini")
        bu.write(config, "[files]\nlocations = locations.csv\n"
                         "rates = rates.csv\n")
        bu.write(os.path.join(shared, "rates.csv"),
                 bu.tagged("rates.csv", "shared"))
        if locations is not None:
            bu.write(os.path.join(shared, "locations.csv"), locations)
        bu.write(os.path.join(inbox, "loose.csv"),
                 bu.tagged("bom.csv", "loose"))
        bu.make_job(inbox, "partial", files=("bom.csv",))
        bu.make_job(inbox, "own")
        bu.age(inbox)
        return root, inbox, config

    def check_kept(self, root, inbox, before, r, cause):
        out = os.path.join(root, "out")
        for rel in ("loose.csv", os.path.join("partial", "bom.csv")):
            self.assertEqual(bu.read(os.path.join(inbox, rel)), before[rel])
        locations = os.path.join(root, "shared", "locations.csv")
        for job in ("loose", "partial"):
            self.assertRegex(
                r.stderr, rf"(?m)^FAILED {job}: the shared locations file "
                + re.escape(locations) + r" cannot be used \(inputs kept "
                r"in the inbox for the next run\)$")
        # The cause is printed once, not once per job.
        self.assertEqual(r.stderr.count(cause), 1, r.stderr)
        self.assertEqual(r.stderr.count("reshore: the shared locations "
                                        "file"), 1, r.stderr)
        self.assertEqual("\n".join(bu.log_lines(out)).count(cause), 1)
        failed = os.path.join(out, "failed")
        self.assertEqual(bu.files_under(failed), {})

    def test_missing_shared_file(self):
        root, inbox, config = self.make_inbox("shared-missing", None)
        before = bu.files_under(inbox)
        r = bu.batch(inbox, os.path.join(root, "out"), "--config", config)
        self.assertEqual(r.returncode, bu.SOME_FAILED, r.stderr)
        self.check_kept(root, inbox, before, r, "No such file or directory")
        self.assertRegex(r.stderr, r"(?m)^ok  own: ")
        self.assertIn("2 left in the inbox after an error", r.stderr)

        # Once the file is in place, the next run takes the jobs.
        bu.write(os.path.join(root, "shared", "locations.csv"),
                 bu.tagged("locations.csv", "shared"))
        r = bu.batch(inbox, os.path.join(root, "out"), "--config", config)
        self.assertEqual(r.returncode, bu.OK, r.stderr)
        self.assertIn("2 jobs: 2 ok", r.stderr)

    def test_unusable_shared_file(self):
        root, inbox, config = self.make_inbox("shared-bad",
                                              b"hello,world\n1,2\n")
        shutil.rmtree(os.path.join(inbox, "own"))
        before = bu.files_under(inbox)
        r = bu.batch(inbox, os.path.join(root, "out"), "--config", config)
        self.assertEqual(r.returncode, bu.FAILED, r.stderr)
        self.check_kept(root, inbox, before, r, "is not a locations file")


class Names(unittest.TestCase):

    def test_control_characters_escaped(self):
        root = bu.fresh("control")
        inbox = os.path.join(root, "inbox")
        out = os.path.join(root, "out")
        bu.make_job(inbox, "nl\nname")
        bu.make_job(inbox, "bad\x1b[31m", files=("locations.csv",),
                    extra={"bom.csv": bad_bom()})
        r = bu.batch(inbox, out)
        self.assertEqual(r.returncode, bu.SOME_FAILED, r.stderr)
        self.assertRegex(r.stderr, r"(?m)^ok  nl\\x0Aname: 3 items")
        self.assertRegex(r.stderr, r"(?m)^FAILED bad\\x1B\[31m: ")
        self.assertNotIn("\x1b", r.stderr)
        for line in r.stderr.splitlines():
            self.assertRegex(line, r"^(ok  |FAILED |reshore: |  )", line)
        log = "\n".join(bu.log_lines(out))
        self.assertIn("ok nl\\x0Aname: 3 items", log)
        self.assertIn("FAILED bad\\x1B[31m: ", log)
        self.assertTrue(os.path.exists(
            os.path.join(out, f"nl_name-{bu.DATE1}.xlsx")))

    def test_counts_in_singular(self):
        root = bu.fresh("singular")
        inbox = os.path.join(root, "inbox")
        header = bu.read(os.path.join(bu.DATA, "bom.csv")).decode() \
            .splitlines()[0]
        bom = (header + "\nP-1,Bracket,1000,12.50,EUR,NL,0.25,0.0004,7326"
               "\nP-2,Bad,-5,1.00,EUR,NL,0.1,0.001,7326\n")
        locations = ("location,name,country,currency,labour_cost_per_hour,"
                     "freight_per_kg,transit_days,duty_rate\n"
                     "NL,Netherlands,NL,EUR,45.2,0.1,1,0\n")
        bu.make_job(inbox, "one", files=(), extra={
            "bom.csv": bom, "locations.csv": locations})
        r = bu.batch(inbox, os.path.join(root, "out"))
        self.assertEqual(r.returncode, bu.OK, r.stderr)
        self.assertRegex(r.stderr, r"(?m)^ok  one: 1 item x 1 location, "
                                   r"1 row rejected -> ")
        self.assertIn("reshore: 1 job: 1 ok", r.stderr)

    def test_long_job_name_cut(self):
        root = bu.fresh("long")
        inbox = os.path.join(root, "inbox")
        out = os.path.join(root, "out")
        name = "a" + "\u00e9" * 124       # 249 bytes in UTF-8
        stem = "a" + "\u00e9" * 99        # cut before byte 200
        bu.make_job(inbox, name)
        # Sorted first; the same stem once cut, so the good job gets -2.
        bu.make_job(inbox, name[:-1] + "x", files=("locations.csv",),
                    extra={"bom.csv": bad_bom()})
        r = bu.batch(inbox, out)
        self.assertEqual(r.returncode, bu.SOME_FAILED, r.stderr)
        self.assertTrue(bu.xlsx_complete(
            os.path.join(out, f"{stem}-{bu.DATE1}-2.xlsx")))
        self.assertEqual(sorted(os.listdir(os.path.join(
            out, "archive", bu.DATE1, f"{stem}-2"))), sorted(bu.INPUTS))
        failed = os.path.join(out, "failed", bu.DATE1, stem)
        self.assertIn(f"{stem}.error.txt", os.listdir(failed))
        self.assertEqual(bu.files_under(inbox), {})


def other_file_system(path):
    """A new folder on another file system than PATH, or None."""
    shm = "/dev/shm"
    if not os.path.isdir(shm) or \
            os.stat(shm).st_dev == os.stat(path).st_dev:
        return None
    folder = os.path.join(shm, "reshore-test-%d" % os.getpid())
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    return folder


class CrossFileSystem(unittest.TestCase):

    def test_archive_on_other_file_system(self):
        root = bu.fresh("xdev")
        inbox = os.path.join(root, "inbox")
        other = other_file_system(root)
        if not other:
            self.skipTest("no second file system at /dev/shm")
        try:
            bu.make_job(inbox, "good")
            bu.make_job(inbox, "bad", files=("locations.csv",),
                        extra={"bom.csv": bad_bom()})
            before = bu.files_under(inbox)
            r = bu.batch(inbox, os.path.join(root, "out"),
                         "--archive", os.path.join(other, "archive"),
                         "--failed", os.path.join(other, "failed"))
            self.assertEqual(r.returncode, bu.SOME_FAILED, r.stderr)
            got = bu.files_under(os.path.join(other, "archive", bu.DATE1))
            for f in bu.INPUTS:
                self.assertEqual(got[os.path.join("good", f)],
                                 before[os.path.join("good", f)])
            self.assertIn(os.path.join("bad", "bad.error.txt"),
                          bu.files_under(os.path.join(other, "failed",
                                                      bu.DATE1)))
            self.assertEqual(bu.files_under(inbox), {})
            leftovers = [p for p in bu.files_under(other) if "part" in p]
            self.assertEqual(leftovers, [])
        finally:
            shutil.rmtree(other, ignore_errors=True)


class Workers(unittest.TestCase):

    def run_copy(self, name, jobs):
        root = bu.fresh(name)
        inbox = os.path.join(root, "inbox")
        for i in range(6):
            bu.make_job(inbox, f"good{i}")
        bu.make_job(inbox, "bad1", files=("locations.csv",),
                    extra={"bom.csv": bad_bom()})
        bu.make_job(inbox, "bad2", files=("bom.csv",))
        bu.write(os.path.join(inbox, "loose.csv"),
                 bu.tagged("locations.csv", "loose"))
        bu.make_job(inbox, "later")
        bu.age(inbox)
        os.utime(os.path.join(inbox, "later", "rates.csv"))
        out = os.path.join(root, "out")
        r = bu.batch(inbox, out, "--jobs", str(jobs))

        def normal(text):
            text = re.sub(r"pid \d+", "pid N", text.replace(root, "ROOT"))
            return re.sub(r"changed \d+ s ago", "changed N s ago", text)
        return (r.returncode, normal(r.stderr),
                [normal(line) for line in bu.log_lines(out)],
                sorted(bu.files_under(out)))

    def test_two_workers_same_as_one(self):
        one = self.run_copy("jobs1", 1)
        two = self.run_copy("jobs2", 2)
        self.assertEqual(one[0], bu.SOME_FAILED, one[1])
        self.assertEqual(one[0], two[0])
        self.assertEqual(one[1], two[1])
        self.assertEqual(one[2], two[2])
        self.assertEqual(one[3], two[3])
        self.assertEqual(len([f for f in one[3] if f.endswith(".xlsx")]),
                         6)


if __name__ == "__main__":
    unittest.main(verbosity=2)
