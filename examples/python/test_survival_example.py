#!/usr/bin/env python3
"""The Python example against a live server at $SURVIVAL_ADDRESS (run by examples/python/run-tests.sh)."""
import os
import subprocess
import sys
import tempfile
import time
import unittest

import grpc

import survival_example as example
from survival_example import pb, rpc

ADDRESS = os.environ.get("SURVIVAL_ADDRESS", "127.0.0.1:5000")


def connect():
    """A stub, once the server answers (it may still be starting)."""
    channel = grpc.insecure_channel(ADDRESS)
    grpc.channel_ready_future(channel).result(timeout=120)
    return channel, rpc.SurvivalAnalysisStub(channel)


class SevenPatientExample(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.channel, cls.stub = connect()

    @classmethod
    def tearDownClass(cls):
        cls.channel.close()

    def test_median_os_is_14_months_as_in_r(self):
        # R: quantile(survfit(Surv(os_months, os_event) ~ 1), 0.5) -> 14, lower 14, upper NA
        response = example.analyze(self.stub, example.load_cohort(example.EXAMPLE, "os_months", "os_event"))
        median = response.estimates.groups[0].median
        self.assertEqual(median.time, 14)
        self.assertEqual(median.lower, 14)
        self.assertFalse(median.HasField("upper"))
        self.assertFalse(response.HasField("comparison"))
        self.assertFalse(response.HasField("plot"))

    def test_median_pfs_is_12_months_as_in_r(self):
        response = example.analyze(self.stub, example.load_cohort(example.EXAMPLE, "pfs_months", "pfs_event"))
        self.assertEqual(response.estimates.groups[0].median.time, 12)
        self.assertAlmostEqual(response.estimates.groups[0].landmarks[0].survival, 3 / 7, places=12)

    def test_counts_give_the_numbers_of_the_subjects(self):
        rows = example.count_rows(example.EXAMPLE, "os_months", "os_event")
        from_counts = example.analyze(self.stub, example.counts_cohort(rows)).estimates.groups[0]
        from_subjects = example.analyze(self.stub, example.load_cohort(example.EXAMPLE, "os_months", "os_event")).estimates.groups[0]
        self.assertEqual(sum(r[3] + r[4] for r in rows), 7)
        self.assertEqual(from_counts.median, from_subjects.median)
        self.assertEqual(from_counts.landmarks, from_subjects.landmarks)
        self.assertEqual(from_counts.subjects, 7)

    def test_plot_is_a_png(self):
        response = example.analyze(self.stub, example.load_cohort(example.EXAMPLE, "os_months", "os_event"), "OS")
        self.assertEqual(response.plot.content_type, "image/png")
        self.assertTrue(response.plot.image.startswith(b"\x89PNG\r\n\x1a\n"))

    def test_bad_input_is_invalid_argument(self):
        cohort = pb.Cohort(subjects=[pb.Subject(time=-1, event=True)])
        with self.assertRaises(grpc.RpcError) as raised:
            self.stub.EstimateSurvival(pb.EstimateSurvivalRequest(cohort=cohort))
        self.assertEqual(raised.exception.code(), grpc.StatusCode.INVALID_ARGUMENT)

    def test_script_prints_medians_and_writes_the_plot(self):
        with tempfile.TemporaryDirectory() as folder:
            plot = os.path.join(folder, "km.png")
            script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "survival_example.py")
            run = subprocess.run([sys.executable, script, "--server", ADDRESS, "--plot", plot],
                                 capture_output=True, text=True, check=True)
            self.assertIn("OS: median 14 months (95% CI 14 to not reached)", run.stdout)
            self.assertIn("PFS: median 12 months (95% CI 11 to not reached)", run.stdout)
            with open(plot, "rb") as image:
                self.assertEqual(image.read(8), b"\x89PNG\r\n\x1a\n")

    def test_script_takes_an_http_address_as_the_cli_does(self):
        with tempfile.TemporaryDirectory() as folder:
            script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "survival_example.py")
            run = subprocess.run([sys.executable, script, "--server", f"http://{ADDRESS}", "--plot", os.path.join(folder, "km.png")],
                                 capture_output=True, text=True, check=True)
            self.assertIn("OS: median 14 months", run.stdout)


class WithoutAServer(unittest.TestCase):
    def test_script_says_it_cannot_reach_the_server_without_a_traceback(self):
        # Port 1 on loopback refuses connections.
        script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "survival_example.py")
        run = subprocess.run([sys.executable, script, "--server", "127.0.0.1:1"], capture_output=True, text=True)
        self.assertEqual(run.returncode, 3)
        self.assertTrue(run.stderr.startswith("cannot reach the server at 127.0.0.1:1"), run.stderr)
        self.assertNotIn("Traceback", run.stderr)


if __name__ == "__main__":
    result = unittest.main(exit=False, verbosity=2).result
    failed = len(result.failures) + len(result.errors)
    print(f"python-tests: passed={result.testsRun - failed} failed={failed}")
    sys.exit(0 if result.wasSuccessful() else 1)
