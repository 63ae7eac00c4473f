#!/usr/bin/env python3
"""The Dask data side against a live server at $SURVIVAL_ADDRESS (run by examples/python/run-tests.sh).

The test starts a dask.distributed scheduler and two worker processes on loopback, fits the R fixtures' data through
them (RemoteFits.FitModelRemote), and checks the fit against FitCoxModel on the same subjects (1e-9 relative, the
tolerance of tests/Survival.Server.Tests/Remote/RemoteAssert.SamePath) and against R's coxph (1e-6, RemoteAssert.Coxph);
and the parametric families' fits against FitParametricModel on the same subjects (1e-9 relative): the coefficients,
the last follow-up (the cluster's largest time) and the predictions — with the fixture's profiles, times and τ, other
quantiles and a horizon asked, S, H and h on the curve's grid included.
"""
import json
import math
import os
import sys
import unittest

import dask.dataframe as dd
import grpc
import pandas as pd
from distributed import Client, LocalCluster

import dask_remote_fit as dask_fit
from dask_remote_fit import parametric
import survival_example as example
from survival_example import pb, rpc

ADDRESS = os.environ.get("SURVIVAL_ADDRESS", "127.0.0.1:5000")
FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "fixtures")
SAME_PATH = 1e-9
COXPH = 1e-6
TIES = {"efron": pb.TIE_METHOD_EFRON, "breslow": pb.TIE_METHOD_BRESLOW}
FAMILIES = {"exponential": parametric.DISTRIBUTION_EXPONENTIAL, "weibull": parametric.DISTRIBUTION_WEIBULL,
            "lognormal": parametric.DISTRIBUTION_LOG_NORMAL, "loglogistic": parametric.DISTRIBUTION_LOG_LOGISTIC}


def fixture(path):
    """An R fixture (tools/reference/generate-*-reference.R) as a pandas frame of its subjects, and the fixture."""
    with open(os.path.join(FIXTURES, path)) as handle:
        reference = json.load(handle)
    data = reference["data"]
    frame = pd.DataFrame({"time": data["time"], "status": data["status"]})
    for name in ("entry", "weights", "strata"):
        if name in data:
            frame[name] = data[name]
    for name, values in {**data.get("covariates", {}), **data.get("factors", {})}.items():
        frame[name] = values
    return frame, reference


def terms_of(reference):
    as_list = lambda value: [] if value is None else value if isinstance(value, list) else [value]  # noqa: E731
    return as_list(reference["terms"]), as_list(reference["factors"])


def cohort_of(frame, terms, factors):
    """The frame's rows as the subjects of an in-memory request."""
    cohort = pb.Cohort()
    for row in frame.to_dict("records"):
        subject = cohort.subjects.add(time=row["time"], event=row["status"] == 1, stratum=str(row.get("strata", "")))
        if "entry" in row:
            subject.entry_time = row["entry"]
        if "weights" in row:
            subject.weight = row["weights"]
        for term in terms:
            if term in factors:
                subject.factors[term] = str(row[term])
            else:
                subject.covariates[term] = row[term]
    return cohort


def in_memory(stub, frame, terms, factors, ties):
    """FitCoxModel on the same subjects: the fit the remote one must equal."""
    request = pb.FitCoxModelRequest(cohort=cohort_of(frame, terms, factors), terms=terms, ties=ties, stratified="strata" in frame)
    return stub.FitCoxModel(request, timeout=60)


def parametric_fixture(name):
    """An R parametric fixture (tools/reference/generate-parametric-reference.R) as a frame: status 1 event, 0 censored."""
    with open(os.path.join(FIXTURES, "r-parametric", f"{name}.json")) as handle:
        reference = json.load(handle)
    data = reference["data"]
    frame = pd.DataFrame({"time": data["time"], "status": data["kind"]})
    for source, column in (("entry", "entry"), ("weight", "weights"), ("strata", "strata")):
        if source in data:
            frame[column] = data[source]
    for name, values in {**(data.get("covariates") or {}), **(data.get("factors") or {})}.items():
        frame[name] = values
    return frame, reference


def in_memory_parametric(stub, frame, terms, factors, distribution, predictions):
    """FitParametricModel on the same subjects, one distribution, the same predictions asked: the fit the remote one
    must equal."""
    request = pb.FitParametricModelRequest(cohort=cohort_of(frame, terms, factors), terms=terms, distributions=[distribution],
                                           stratified="strata" in frame, **predictions)
    return stub.FitParametricModel(request, timeout=60)


def predictions_of(reference, frame):
    """The fixture's profiles, times and τ, quantiles other than the default, a horizon past the last follow-up and a
    grid of 51 points: the prediction fields FitParametricModelRequest and fit_parametric share."""
    profiles = reference["profiles"]
    covariates, factors = profiles.get("covariates") or {}, profiles.get("factors") or {}
    strata = profiles.get("strata") or [""] * len(profiles["labels"])
    as_list = lambda value: value if isinstance(value, list) else [value]  # noqa: E731
    return {
        "profiles": [parametric.PredictionProfile(label=label, covariates={c: as_list(v)[k] for c, v in covariates.items()},
                                                  factors={f: as_list(v)[k] for f, v in factors.items()}, stratum=strata[k])
                     for k, label in enumerate(as_list(profiles["labels"]))],
        "times": as_list(reference["times"]), "quantiles": [0.1, 0.5, 0.9], "horizon": 1.25 * float(frame["time"].max()),
        "rmst_tau": reference["tau"], "grid_points": 51,
    }


class DaskRemoteFit(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                   dashboard_address=None)
        cls.client = Client(cls.cluster)
        cls.channel = grpc.insecure_channel(ADDRESS)
        grpc.channel_ready_future(cls.channel).result(timeout=120)
        cls.stub = rpc.SurvivalAnalysisStub(cls.channel)

    @classmethod
    def tearDownClass(cls):
        cls.channel.close()
        cls.client.close()
        cls.cluster.close()

    def assertClose(self, expected, actual, tolerance, what):
        self.assertLessEqual(abs(expected - actual), tolerance * max(1.0, abs(expected)), f"{what}: {expected} vs {actual}")

    def remote(self, frame, terms, factors, ties):
        columns = dask_fit.Columns("time", "status", stratum="strata" if "strata" in frame else None,
                                   weight="weights" if "weights" in frame else None,
                                   entry="entry" if "entry" in frame else None)
        # Four partitions over two workers: every step is a real map over partitions and a reduction across processes.
        return dask_fit.fit_cox(self.channel, dd.from_pandas(frame, npartitions=4), columns, terms, factors, ties=ties,
                                split_every=2, timeout=120)

    def check(self, path):
        frame, reference = fixture(path)
        terms, factors = terms_of(reference)
        for name, fit in reference["fits"].items():
            if name not in TIES:
                continue
            with self.subTest(ties=name):
                # R: see the fixture's "call"; Surv(entry, time, status), weights and strata(s) where the data have them.
                result = self.remote(frame, terms, factors, TIES[name])
                expected = in_memory(self.stub, frame, terms, factors, TIES[name])
                actual = result.cox
                self.assertEqual(actual.iterations, expected.iterations)
                self.assertEqual((actual.subjects, actual.events), (expected.subjects, expected.events))
                self.assertEqual([(c.term, c.level) for c in actual.coefficients], [(c.term, c.level) for c in expected.coefficients])
                for k, (e, a) in enumerate(zip(expected.coefficients, actual.coefficients)):
                    self.assertClose(e.coefficient, a.coefficient, SAME_PATH, f"coef[{k}]")
                    self.assertClose(e.std_error, a.std_error, SAME_PATH, f"se[{k}]")
                    self.assertClose(e.p_value, a.p_value, SAME_PATH, f"p[{k}]")
                    self.assertClose(fit["coef"][k], a.coefficient, COXPH, f"R coef[{k}]")
                    self.assertClose(fit["se"][k], a.std_error, COXPH, f"R se[{k}]")
                self.assertClose(expected.log_likelihood_null, actual.log_likelihood_null, SAME_PATH, "loglik null")
                self.assertClose(expected.log_likelihood, actual.log_likelihood, SAME_PATH, "loglik")
                self.assertClose(expected.score.chi_square, actual.score.chi_square, SAME_PATH, "score")
                self.assertClose(fit["loglik"][-1], actual.log_likelihood, COXPH, "R loglik")
                self.assertFalse(actual.HasField("concordance"))
                self.assertIn("concordance", [n.statistic for n in result.not_computed])
                self.assertGreaterEqual(result.steps, actual.iterations)

    def test_strata_delayed_entry_weights_and_a_factor_equal_the_in_memory_fit_and_r(self):
        # R: coxph(Surv(entry, time, status) ~ age + ph.ecog + sex + strata(s), weights = w, ties = efron / breslow)
        self.check("r-remote/lung_weighted_entry.json")

    def test_strata_and_a_three_level_factor_equal_the_in_memory_fit_and_r(self):
        # R: coxph(Surv(time, status) ~ rx + age + nodes + extent + strata(sex), ties = efron / breslow) on colon deaths
        self.check("r-cox/colon_strata.json")

    def remote_parametric(self, frame, terms, factors, distribution, **predictions):
        columns = dask_fit.Columns("time", "status", stratum="strata" if "strata" in frame else None,
                                   weight="weights" if "weights" in frame else None,
                                   entry="entry" if "entry" in frame else None)
        return dask_fit.fit_parametric(self.channel, dd.from_pandas(frame, npartitions=4), columns, terms, factors,
                                       distribution=distribution, split_every=2, timeout=120, **predictions)

    def check_parametric(self, name, families=FAMILIES):
        frame, reference = parametric_fixture(name)
        terms, factors = terms_of(reference)
        self.check_parametric_frame(frame, terms, factors, reference["fits"], families, predictions_of(reference, frame))

    def assertSamePoints(self, expected, actual, what):
        self.assertEqual(len(actual), len(expected), what)
        for i, (e, a) in enumerate(zip(expected, actual)):
            for field in ("time", "survival", "cumulative_hazard"):
                self.assertClose(getattr(e, field), getattr(a, field), SAME_PATH, f"{what}[{i}] {field}")
            for field in ("survival_lower", "survival_upper", "cumulative_hazard_std_error", "hazard", "hazard_lower", "hazard_upper"):
                self.assertEqual(e.HasField(field), a.HasField(field), f"{what}[{i}] {field}")
                if e.HasField(field):
                    self.assertClose(getattr(e, field), getattr(a, field), SAME_PATH, f"{what}[{i}] {field}")

    def check_parametric_frame(self, frame, terms, factors, r_fits, families, predictions=None):
        predictions = predictions or {}
        for family in families:
            with self.subTest(distribution=family):
                # Arrange, Act: R's survreg(Surv([entry,] time, status) ~ terms [+ strata(s)], weights, dist = family)
                # on the fixture's rows, fitted through the cluster and in memory, the same predictions asked (none:
                # the default profiles, the curve to the last follow-up).
                result = self.remote_parametric(frame, terms, factors, FAMILIES[family], **predictions)
                expected_response = in_memory_parametric(self.stub, frame, terms, factors, FAMILIES[family], predictions)

                # Assert: the same fit, to 1e-9 relative.
                expected, actual = expected_response.fits[0], result.parametric.fits[0]
                self.assertTrue(actual.converged, actual.not_converged_reason)
                self.assertEqual(actual.iterations, expected.iterations)
                self.assertEqual((result.parametric.subjects, result.parametric.events),
                                 (expected_response.subjects, expected_response.events))
                self.assertEqual([(c.term, c.level) for c in actual.coefficients], [(c.term, c.level) for c in expected.coefficients])
                for k, (e, a) in enumerate(zip(expected.coefficients, actual.coefficients)):
                    self.assertClose(e.estimate, a.estimate, SAME_PATH, f"coef[{k}]")
                    self.assertClose(e.std_error, a.std_error, SAME_PATH, f"se[{k}]")
                self.assertEqual([(a.name, a.stratum) for a in actual.ancillary], [(a.name, a.stratum) for a in expected.ancillary])
                for k, (e, a) in enumerate(zip(expected.ancillary, actual.ancillary)):
                    self.assertClose(e.estimate, a.estimate, SAME_PATH, f"ancillary[{k}]")
                    self.assertClose(e.std_error, a.std_error, SAME_PATH, f"ancillary se[{k}]")
                self.assertEqual(list(actual.parameter_names), list(expected.parameter_names))
                for k, (e, a) in enumerate(zip(expected.variance, actual.variance)):
                    self.assertClose(e, a, SAME_PATH, f"variance[{k}]")
                self.assertClose(expected.log_likelihood, actual.log_likelihood, SAME_PATH, "loglik")
                self.assertClose(expected.log_likelihood_null, actual.log_likelihood_null, SAME_PATH, "loglik null")
                self.assertClose(expected.aic, actual.aic, SAME_PATH, "AIC")
                # The last follow-up (the cluster's largest time) and the predictions: at each profile the linear
                # predictor, S, H and h at the times and on the curve's grid, the quantiles, the mean and the RMST.
                self.assertGreater(result.parametric.last_follow_up, 0)
                self.assertClose(expected_response.last_follow_up, result.parametric.last_follow_up, SAME_PATH, "last follow-up")
                self.assertEqual([n.statistic for n in result.not_computed], [])
                self.assertEqual([(p.label, p.stratum) for p in actual.predictions], [(p.label, p.stratum) for p in expected.predictions])
                for e, a in zip(expected.predictions, actual.predictions):
                    self.assertClose(e.linear_predictor, a.linear_predictor, SAME_PATH, f"{e.label} linear predictor")
                    self.assertEqual([q.probability for q in a.quantiles], [q.probability for q in e.quantiles])
                    for eq, aq in zip(e.quantiles, a.quantiles):
                        for field in ("time", "std_error", "lower", "upper"):
                            self.assertClose(getattr(eq, field), getattr(aq, field), SAME_PATH, f"{e.label} t_{eq.probability} {field}")
                    for field in ("estimate", "std_error", "lower", "upper"):
                        self.assertClose(getattr(e.mean, field), getattr(a.mean, field), SAME_PATH, f"{e.label} mean {field}")
                    self.assertEqual(e.HasField("rmst"), a.HasField("rmst"))
                    if e.HasField("rmst"):
                        for field in ("tau", "estimate", "std_error", "lower", "upper"):
                            self.assertClose(getattr(e.rmst, field), getattr(a.rmst, field), SAME_PATH, f"{e.label} RMST {field}")
                    self.assertSamePoints(e.at_times, a.at_times, f"{e.label} at times")
                    self.assertGreater(len(a.curve), 0)
                    self.assertSamePoints(e.curve, a.curve, f"{e.label} curve")
                r = r_fits.get(family)
                if r is not None:
                    # And R's (survreg's or the fixture's likelihood): the log-likelihood to 1e-9 as FitParametricModelTests.
                    self.assertClose(r["loglik"], actual.log_likelihood, SAME_PATH, "R loglik")

    def test_each_family_with_covariates_and_a_factor_equals_the_in_memory_fit(self):
        # R: survreg(Surv(time, status) ~ age + sex + ph.ecog, dist = each family) on lung's complete cases
        self.check_parametric("lung_age_sex_ecog")

    def test_each_family_with_case_weights_that_are_not_whole_equals_the_in_memory_fit(self):
        # R: survreg(Surv(time, status) ~ sex + age, weights = w, dist = each family), w inverse-probability weights
        self.check_parametric("lung_weights")

    def test_each_family_with_delayed_entry_equals_the_in_memory_fit(self):
        # R: survreg(Surv(entry, time, status) ~ z + g, dist = each family) by the fixture's likelihood (survreg has no
        # delayed entry): Weibull times left-truncated at uniform entries
        self.check_parametric("delayed_entry")

    def test_each_family_with_strata_equals_the_in_memory_fit(self):
        # R: survreg(Surv(time, status) ~ trt + karno + strata(prior), dist = each family): a scale per stratum (the
        # exponential, having none, as without strata)
        self.check_parametric("veteran_strata")

    def test_strata_delayed_entry_and_weights_together_equal_the_in_memory_fit(self):
        # The likelihood of FitParametricModel (survreg has no delayed entry): lung_weighted_entry's rows, three strata,
        # entries and whole weights, ~ age + ph.ecog + sex, each family.
        frame, reference = fixture("r-remote/lung_weighted_entry.json")
        terms, factors = terms_of(reference)
        self.check_parametric_frame(frame, terms, factors, {}, FAMILIES)

    def test_the_summary_counts_the_rows_the_levels_and_the_strata(self):
        frame, reference = fixture("r-remote/lung_weighted_entry.json")
        terms, factors = terms_of(reference)
        model = dask_fit.remote.RemoteCoxModel(terms=terms, factors=factors, stratified=True, weighted=True, delayed_entry=True)
        columns = dask_fit.Columns("time", "status", "strata", "weights", "entry")
        summary = dask_fit.summary(dd.from_pandas(frame, npartitions=3), columns, model)
        self.assertEqual((summary.rows, summary.unreadable_rows, summary.fractional_weights), (len(frame), 0, 0))
        self.assertTrue(math.isclose(summary.term_means[0], frame["age"].mean(), rel_tol=1e-12))
        self.assertEqual(summary.term_means[2], 0.0)
        self.assertEqual(list(summary.factor_levels[0].levels), sorted(frame["sex"].unique()))
        self.assertEqual(sum(summary.factor_levels[0].counts), len(frame))
        self.assertEqual(list(summary.strata), sorted(frame["strata"].unique()))
        self.assertEqual(summary.max_time, frame["time"].max())

    def test_counts_from_the_cluster_give_the_numbers_of_the_subjects(self):
        # The counting table for the existing RPCs: Kaplan–Meier by rx from Dask's counts equals it from the subjects.
        frame, _ = fixture("r-cox/colon_strata.json")
        rows = dask_fit.count_rows(dd.from_pandas(frame, npartitions=4), "time", "status", group="rx", split_every=2)
        subjects = pb.Cohort(subjects=[pb.Subject(time=t, event=s == 1, group=g) for t, s, g in zip(frame["time"], frame["status"], frame["rx"])])
        request = lambda cohort: pb.EstimateSurvivalRequest(cohort=cohort, options=pb.EstimateOptions(landmark_times=[365, 1825]))  # noqa: E731
        from_counts = self.stub.EstimateSurvival(request(example.counts_cohort(rows)), timeout=60)
        from_subjects = self.stub.EstimateSurvival(request(subjects), timeout=60)
        self.assertEqual(sum(r[3] + r[4] for r in rows), len(frame))
        self.assertEqual(len(from_counts.groups), 3)
        for counted, subject in zip(from_counts.groups, from_subjects.groups):
            self.assertEqual((counted.group, counted.subjects, counted.events), (subject.group, subject.subjects, subject.events))
            self.assertEqual(counted.median, subject.median)
            self.assertEqual(counted.landmarks, subject.landmarks)

    def test_an_unreadable_row_is_refused_with_invalid_argument(self):
        frame, reference = fixture("r-cox/colon_strata.json")
        terms, factors = terms_of(reference)
        frame.loc[5, "time"] = -1.0
        with self.assertRaises(grpc.RpcError) as raised:
            self.remote(frame, terms, factors, pb.TIE_METHOD_EFRON)
        self.assertEqual(raised.exception.code(), grpc.StatusCode.INVALID_ARGUMENT)


    def test_a_negative_horizon_is_refused_naming_the_remote_field(self):
        frame, reference = parametric_fixture("lung_age_sex_ecog")
        terms, factors = terms_of(reference)
        with self.assertRaises(grpc.RpcError) as raised:
            self.remote_parametric(frame, terms, factors, FAMILIES["weibull"], horizon=-1.0)
        self.assertEqual(raised.exception.code(), grpc.StatusCode.INVALID_ARGUMENT)
        self.assertIn("parametric.horizon", raised.exception.details())

    def test_a_time_of_0_refuses_a_parametric_fit_naming_the_summary_field(self):
        # survreg refuses a time of 0 (log 0), as FitParametricModel does; a Dask fit must not drop the row silently.
        frame, reference = parametric_fixture("lung_age_sex_ecog")
        terms, factors = terms_of(reference)
        frame.loc[5, "time"] = 0.0
        with self.assertRaises(grpc.RpcError) as raised:
            self.remote_parametric(frame, terms, factors, FAMILIES["weibull"])
        self.assertEqual(raised.exception.code(), grpc.StatusCode.INVALID_ARGUMENT)
        self.assertIn("summary.zero_times", raised.exception.details())


if __name__ == "__main__":
    result = unittest.main(exit=False, verbosity=2).result
    failed = len(result.failures) + len(result.errors)
    print(f"python-tests: passed={result.testsRun - failed} failed={failed}")
    sys.exit(0 if result.wasSuccessful() else 1)
