"""`reshore init DIR`: the embedded templates, written once, never over a
file that exists."""

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import batchutil as bu  # noqa: E402

TEMPLATES = os.path.join(bu.SRC, "templates")


def template_files():
    """Relative path -> bytes of every file under templates/."""
    return bu.files_under(TEMPLATES)


class Init(unittest.TestCase):

    def test_writes_every_template(self):
        root = bu.fresh("init-new")
        target = os.path.join(root, "new", "folder")
        r = bu.run(["init", target])
        self.assertEqual(r.returncode, bu.OK, r.stderr)
        expected = template_files()
        self.assertGreater(len(expected), 0)
        self.assertEqual(bu.files_under(target), expected)
        self.assertEqual(r.stdout.splitlines(),
                         [f"wrote {target}/{name}"
                          for name in sorted(expected)])
        self.assertEqual(r.stderr, "")

    def test_templates_are_valid_inputs(self):
        root = bu.fresh("init-run")
        r = bu.run(["init", root])
        self.assertEqual(r.returncode, bu.OK, r.stderr)
        if not os.path.exists(os.path.join(root, "reshore.ini")):
            self.skipTest("templates/ has no reshore.ini")
        r = bu.run(["run", "--bom", os.path.join(root, "bom.csv"),
                    "--config", os.path.join(root, "reshore.ini"),
                    "-o", os.path.join(root, "out.xlsx")],
                   env={"SOURCE_DATE_EPOCH": str(bu.DAY1)})
        self.assertIn(r.returncode, (bu.OK, bu.REJECTED), r.stderr)

    def test_refuses_to_overwrite(self):
        root = bu.fresh("init-exists")
        mine = os.path.join(root, "bom.csv")
        bu.write(mine, b"item\nMY-OWN\n")
        r = bu.run(["init", root])
        self.assertEqual(r.returncode, bu.FAILED)
        self.assertIn(f"reshore: {mine} already exists", r.stderr)
        self.assertIn("nothing written", r.stderr)
        self.assertEqual(r.stdout, "")
        # Nothing else was written and the file is untouched.
        self.assertEqual(os.listdir(root), ["bom.csv"])
        self.assertEqual(bu.read(mine), b"item\nMY-OWN\n")

    def test_second_init_refused(self):
        root = bu.fresh("init-twice")
        self.assertEqual(bu.run(["init", root]).returncode, bu.OK)
        r = bu.run(["init", root])
        self.assertEqual(r.returncode, bu.FAILED)
        self.assertEqual(r.stderr.count("already exists"),
                         len(template_files()))
        self.assertEqual(bu.files_under(root), template_files())

    def test_usage(self):
        r = bu.run(["init"])
        self.assertEqual(r.returncode, bu.USAGE)
        self.assertIn("usage: reshore init DIR", r.stderr)
        r = bu.run(["init", "a", "b"])
        self.assertEqual(r.returncode, bu.USAGE)

    def test_folder_is_a_file(self):
        root = bu.fresh("init-file")
        path = os.path.join(root, "plain")
        bu.write(path, b"x")
        r = bu.run(["init", path])
        self.assertEqual(r.returncode, bu.FAILED)
        self.assertIn(path, r.stderr)
        self.assertEqual(bu.read(path), b"x")
        # init runs once: the messages promise no later run.
        self.assertIn("cannot use the folder: Not a directory", r.stderr)
        self.assertNotIn("next run", r.stderr)
        r = bu.run(["init", os.path.join(path, "sub")])
        self.assertEqual(r.returncode, bu.FAILED)
        self.assertIn("cannot create the folder", r.stderr)
        self.assertNotIn("next run", r.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)
