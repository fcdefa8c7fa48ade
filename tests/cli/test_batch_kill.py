"""`reshore batch` killed at any moment, and stopped by SIGTERM, SIGINT or
SIGHUP.

SIGKILL: rounds of three runs, each killed with its workers. One run is
killed after a delay drawn from a fixed seed, one while an output is
being written, and one when a workbook is in place while its job is
still staged. After every kill each input must be complete, byte for
byte, in exactly one of the inbox (stages included), the archive and the
failed folder. Every .xlsx in the output folder must be a complete zip.
A final run must then finish every job, with exactly one workbook per
good job.

SIGTERM, SIGINT and SIGHUP: a run on a large job is stopped while the job
runs.
It must exit with 128 + the signal and leave no temporary file. It must
either finish the job or give it back to the inbox.
"""

import os
import random
import signal
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import batchutil as bu  # noqa: E402
from test_batch import bad_bom  # noqa: E402

GOOD = ("good0", "good1", "good2", "good3")


def make_inbox(root):
    inbox = os.path.join(root, "inbox")
    for job in GOOD:
        bu.make_job(inbox, job)
    bu.make_job(inbox, "bad", files=("locations.csv",),
                extra={"bom.csv": bad_bom()})
    bu.age(inbox)
    return inbox


def start(inbox, out, jobs):
    env = dict(os.environ, SOURCE_DATE_EPOCH=str(bu.DAY1))
    return subprocess.Popen(
        [bu.BIN, "batch", inbox, "--out", out, "--settle", "0",
         "--jobs", str(jobs)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        text=True, start_new_session=True)


class KillAnywhere(unittest.TestCase):

    def check_invariants(self, before, inbox, out, when):
        places = bu.places(inbox, out)
        for rel, data in before.items():
            where = places.get(bu.identity(rel, data), [])
            self.assertEqual(len(where), 1, f"{when}: {rel} is at {where}")
        for name in os.listdir(out) if os.path.isdir(out) else []:
            if name.endswith(".xlsx"):
                self.assertTrue(bu.xlsx_complete(os.path.join(out, name)),
                                f"{when}: {name} is incomplete")

    def check_finished(self, before, inbox, out):
        left = bu.files_under(inbox)
        self.assertEqual(left, {}, "inputs left in the inbox")
        books = sorted(n for n in os.listdir(out) if n.endswith(".xlsx"))
        self.assertEqual(books, [f"{j}-{bu.DATE1}.xlsx" for j in GOOD])
        for name in books:
            self.assertTrue(bu.xlsx_complete(os.path.join(out, name)))
        self.assertEqual([n for n in os.listdir(out) if ".tmp" in n], [])
        failed = os.path.join(out, "failed", bu.DATE1)
        self.assertEqual(sorted(os.listdir(failed)), ["bad"])

    def full_run_time(self):
        """Seconds an uninterrupted run of the inbox takes here."""
        root = bu.fresh("kill", "timing")
        inbox = make_inbox(root)
        began = time.monotonic()
        run = start(inbox, os.path.join(root, "out"), 1)
        run.communicate()
        return time.monotonic() - began

    def kill_run(self, run, moment):
        """Kill RUN and its workers at MOMENT: a delay in seconds, or a
        test of the folders polled until it holds. Returns True when the
        run was still going."""
        if isinstance(moment, float):
            time.sleep(moment)
        else:
            while run.poll() is None and not moment():
                time.sleep(0.0005)
        if run.poll() is not None:
            run.communicate()
            return False
        os.killpg(run.pid, signal.SIGKILL)
        run.communicate()
        return True

    def test_sigkill_at_many_points(self):
        rng = random.Random(20261204)
        span = self.full_run_time()
        kills = 0
        for round_ in range(16):
            root = bu.fresh("kill", str(round_))
            inbox, out = make_inbox(root), os.path.join(root, "out")
            before = bu.files_under(inbox)
            work = os.path.join(inbox, ".reshore-work")

            def writing():
                """An output is being written."""
                return any(".tmp-" in n for n in os.listdir(out)) \
                    if os.path.isdir(out) else False

            def written_but_staged():
                """A workbook is in place while its job is still staged."""
                if not os.path.isdir(out) or not os.path.isdir(work):
                    return False
                books = {n.split("-2025")[0] for n in os.listdir(out)
                         if n.endswith(".xlsx")}
                return any(s[2:] in books for s in os.listdir(work))

            # Random moments, and the two narrow windows around outputs.
            moments = [rng.uniform(0.0, span), writing, written_but_staged]
            rng.shuffle(moments)
            for attempt, moment in enumerate(moments):
                run = start(inbox, out, 1 + round_ % 2)
                kills += self.kill_run(run, moment)
                self.check_invariants(
                    before, inbox, out,
                    f"round {round_}, kill {attempt} at {moment}")
            final = bu.batch(inbox, out, "--settle", "0")
            self.assertIn(final.returncode, (bu.OK, bu.SOME_FAILED,
                                             bu.FAILED), final.stderr)
            self.check_invariants(before, inbox, out, f"round {round_}")
            self.check_finished(before, inbox, out)
        # A third of the runs at least must have been killed, or the test
        # proved little. Later runs of a round have less left to do, so
        # they often end before their moment.
        self.assertGreaterEqual(kills, 16)


def big_bom(rows):
    """A BOM of ROWS items, tagged, for a job that takes a while."""
    lines = bu.read(os.path.join(bu.DATA, "bom.csv")).decode().splitlines()
    body = lines[1].split(",", 1)[1]
    out = [lines[0]]
    for i in range(rows):
        out.append(f"B-{i:06d},{body}")
    return ("\n".join(out) + "\n").encode()


class Stop(unittest.TestCase):

    def stop_while_running(self, name, signo, group):
        root = bu.fresh(name)
        inbox = os.path.join(root, "inbox")
        out = os.path.join(root, "out")
        bu.make_job(inbox, "big", files=("locations.csv", "rates.csv"),
                    extra={"bom.csv": big_bom(60000)})
        before = bu.files_under(inbox)

        # Signal the run once the job is staged and loading.
        run = start(inbox, out, 1)
        stage = os.path.join(inbox, ".reshore-work", "d-big")
        deadline = time.time() + 60
        while not os.path.exists(stage) and time.time() < deadline:
            time.sleep(0.005)
        time.sleep(0.2)
        if group:
            os.killpg(run.pid, signo)
        else:
            run.send_signal(signo)
        err = run.communicate(timeout=300)[1]

        self.assertEqual(run.returncode, 128 + signo, err)
        self.assertIn("reshore: stopped by", err)
        self.assertEqual([n for n in os.listdir(out) if "tmp" in n], [])
        self.assertFalse(os.path.exists(stage))
        book = os.path.join(out, f"big-{bu.DATE1}.xlsx")
        if os.path.exists(book):
            # The job was written before the signal: it was finished.
            self.assertTrue(bu.xlsx_complete(book))
            archived = bu.files_under(os.path.join(out, "archive"))
            self.assertEqual(len(archived), len(before))
        else:
            self.assertEqual(bu.files_under(inbox), before)
            self.assertIn("FAILED big: interrupted (inputs kept in the "
                          "inbox for the next run)", err)
        self.assertTrue(bu.log_lines(out)[-1].endswith(
            f"exit status {128 + signo}"))

    def test_sigterm_to_parent(self):
        self.stop_while_running("sigterm", signal.SIGTERM, False)

    def test_sigint_to_group(self):
        self.stop_while_running("sigint", signal.SIGINT, True)

    def test_sighup_to_group(self):
        self.stop_while_running("sighup", signal.SIGHUP, True)


if __name__ == "__main__":
    unittest.main(verbosity=2)
