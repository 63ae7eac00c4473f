using System.Collections.Immutable;
using MathNet.Numerics.LinearAlgebra;
using Survival.Core.Cox;
using Survival.Core.Inference;

namespace Survival.Core.Parametric;

/// <summary>
/// Parametric survival regression by maximum likelihood: the six distributions of NICE DSU TSD 14, equal to R's
/// <c>survreg</c> for the exponential, Weibull, log-normal and log-logistic, and to flexsurv's likelihood for the
/// Gompertz and generalized gamma; with covariates and factors, case weights, delayed entry and strata.
/// </summary>
/// <remarks>
/// Each fit maximises log L = Σᵢ wᵢ[log Lᵢ − log S(eᵢ)] (<see cref="CensoredObservations"/>) by Newton–Raphson with
/// analytic first and second derivatives (<see cref="ParametricNewtonRaphson"/>), first for the intercept-only model
/// (for the likelihood-ratio test) and then for the full model. Starting values: survreg's for its four families
/// (<see cref="ParametricStart"/>); the Gompertz from the exponential rate D/T (events over time at risk) with a = 0,
/// its log-likelihood being concave; the generalized gamma from whichever of the Weibull (Q = 1) and log-normal (Q = 0)
/// fits has the larger likelihood, both special cases of it. var(θ̂) = I(θ̂)⁻¹; Wald z = β/se, p = 2Φ(−|z|);
/// AIC = −2 log L + 2k, BIC = −2 log L + k log n (R's <c>AIC</c>, <c>BIC</c> with n the subjects). Hazard ratios:
/// exp(−β/σ) for the exponential and Weibull (one scale), exp(β) for the Gompertz; time ratios exp(β) for the
/// accelerated-failure-time families. References: Kalbfleisch &amp; Prentice (2002), chapter 3; Latimer (2011),
/// NICE DSU TSD 14; Jackson (2016), flexsurv.
/// </remarks>
public static class ParametricRegression
{
    /// <summary>Every distribution, in the order TSD 14 lists them.</summary>
    public static ImmutableArray<ParametricDistribution> AllDistributions { get; } = [.. Enum.GetValues<ParametricDistribution>()];

    /// <summary>Fits one distribution.</summary>
    /// <exception cref="InputRuleException">The data do not suit the distribution (a time ≤ 0 on the log scale, more parameters than events) or an option breaks its rule.</exception>
    public static ParametricFit Fit(ParametricData data, ParametricDistribution distribution, ParametricOptions? options = null) =>
        Fit(data, [distribution], options)[0];

    /// <summary>Fits the distributions (all six when empty), ordered by AIC (fits without one last).</summary>
    /// <exception cref="InputRuleException">The data do not suit a distribution or an option breaks its rule.</exception>
    public static ImmutableArray<ParametricFit> Fit(
        ParametricData data, IReadOnlyList<ParametricDistribution> distributions, ParametricOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(distributions);
        options ??= new ParametricOptions();
        CheckOptions(options);
        var requested = (distributions.Count == 0 ? AllDistributions : distributions.Distinct()).ToArray();
        foreach (var distribution in requested) CheckData(data, ParametricFamily.Of(distribution));
        ParametricPredictor.CheckProfiles(ParametricProfileSpace.Of(data), options.Profiles);

        // The generalized gamma starts from the Weibull and log-normal fits: those run first.
        var first = requested.Where(d => d != ParametricDistribution.GeneralizedGamma).ToList();
        if (requested.Contains(ParametricDistribution.GeneralizedGamma))
        {
            if (!first.Contains(ParametricDistribution.Weibull)) first.Add(ParametricDistribution.Weibull);
            if (!first.Contains(ParametricDistribution.LogNormal)) first.Add(ParametricDistribution.LogNormal);
        }
        var runs = new System.Collections.Concurrent.ConcurrentDictionary<ParametricDistribution, ModelRuns>();
        Parallel.ForEach(first, new ParallelOptions { CancellationToken = cancellationToken }, d => runs[d] = Run(data, ParametricFamily.Of(d), options, runs));
        if (requested.Contains(ParametricDistribution.GeneralizedGamma))
            runs[ParametricDistribution.GeneralizedGamma] = Run(data, GeneralizedGamma.Family, options, runs);
        cancellationToken.ThrowIfCancellationRequested();

        var fits = requested.AsParallel().AsOrdered().WithCancellation(cancellationToken).Select(d => Result(data, runs[d], options)).ToArray();
        return [.. fits.OrderBy(f => f.Aic ?? double.PositiveInfinity).ThenBy(f => f.Distribution)];
    }

    internal static void CheckOptions(ParametricOptions options)
    {
        if (!(options.Tolerance > 0)) throw new InputRuleException("tolerance", "must be > 0");
        if (options.MaxIterations < 1) throw new InputRuleException("max_iterations", "must be at least 1");
        for (var i = 0; i < options.Times.Length; i++)
            if (!InputRules.IsTime(options.Times[i])) throw new InputRuleException($"times[{i}]", InputRules.TimeRequirement);
        for (var i = 0; i < options.Quantiles.Length; i++)
            if (!(options.Quantiles[i] > 0 && options.Quantiles[i] < 1)) throw new InputRuleException($"quantiles[{i}]", InputRules.ProbabilityRequirement);
        if (options.Horizon is { } horizon && !(double.IsFinite(horizon) && horizon > 0))
            throw new InputRuleException("horizon", "must be a finite number > 0");
        if (options.RmstTau is { } tau && !(double.IsFinite(tau) && tau > 0)) throw new InputRuleException("rmst_tau", InputRules.TauRequirement);
        if (options.GridIntervals is < 1 or > 10_000) throw new InputRuleException("grid_points", "must be from 2 to 10001 points");
    }

    /// <summary>Checks that the data suit a distribution: times &gt; 0 on the log scale, at least one event, no more parameters than events.</summary>
    /// <exception cref="InputRuleException">They do not; the input (<c>cohort</c> or <c>terms</c>) is named.</exception>
    public static void CheckData(ParametricData data, ParametricDistribution distribution) => CheckData(data, ParametricFamily.Of(distribution));

    /// <summary>What a distribution asks of the data.</summary>
    internal static void CheckData(ParametricData data, ParametricFamily family)
    {
        if (family.NeedsPositiveTimes && !(data.SmallestTime > 0))
            throw new InputRuleException("cohort", $"has a time of 0, where the {Name(family.Distribution)} distribution (on the log time scale) is not defined; every time and entry time must be > 0");
        var parameters = 1 + data.Design.Width + (family.AncillaryCount == 0 ? 0 : data.StratumCount * family.AncillaryCount);
        if (data.Events == 0) throw new InputRuleException("cohort", "has no events; a parametric model needs at least one");
        if (parameters > data.Events)
            throw new InputRuleException("terms", $"make {parameters} parameters of the {Name(family.Distribution)} model, more than the {data.Events} events");
    }

    /// <summary>A distribution's name in prose.</summary>
    public static string Name(ParametricDistribution distribution) => distribution switch
    {
        ParametricDistribution.Exponential => "exponential",
        ParametricDistribution.Weibull => "Weibull",
        ParametricDistribution.LogNormal => "log-normal",
        ParametricDistribution.LogLogistic => "log-logistic",
        ParametricDistribution.Gompertz => "Gompertz",
        _ => "generalized gamma",
    };

    /// <summary>The Newton–Raphson runs of one family: the full model and, with covariates, the intercept-only one.</summary>
    private sealed record ModelRuns(ParametricLikelihood Likelihood, NewtonRaphsonRun Full, NewtonRaphsonRun? Null);

    private static ModelRuns Run(ParametricData data, ParametricFamily family, ParametricOptions options, IReadOnlyDictionary<ParametricDistribution, ModelRuns> done)
    {
        var likelihood = new ParametricLikelihood(data, family);
        var columns = likelihood.Columns;
        var strata = likelihood.AncillaryStrata;
        var k = family.AncillaryCount;
        var (nullStart, fullStart) = family switch
        {
            GeneralizedGamma => GeneralizedGammaStarts(done, strata),
            Gompertz => (GompertzStart(data, strata), (Func<double[], double[]>?)null),
            LogLocationScaleFamily ls => (SurvregStart(data, ls, strata), null),
            _ => throw new ArgumentOutOfRangeException(nameof(family)),
        };
        if (columns == 1)
            return new ModelRuns(likelihood, Newton(likelihood, 1, nullStart, options.MaxIterations, options, family), null);
        var nullRun = Newton(likelihood, 1, nullStart, 20, options, family);
        var start = fullStart is not null ? fullStart(nullRun.Parameters) : FullStart(data, family, columns, nullRun.Parameters, strata, k);
        return new ModelRuns(likelihood, Newton(likelihood, columns, start, options.MaxIterations, options, family), nullRun);
    }

    private static NewtonRaphsonRun Newton(ParametricLikelihood likelihood, int columns, double[] start, int iterations, ParametricOptions options, ParametricFamily family)
    {
        // survreg keeps a log σ from falling more than 1.1 at a halving; the Gompertz a and the Q are not log scales.
        var k = family.AncillaryCount;
        var logScales = family is LogLocationScaleFamily && k > 0
            ? Enumerable.Range(0, likelihood.AncillaryStrata).Select(s => columns + s * k).ToArray()
            : [];
        return ParametricNewtonRaphson.Run(likelihood, columns, start, iterations, options.Tolerance, logScales);
    }

    /// <summary>survreg's start of the intercept-only model: the glim step from η = log t at σ from the moments.</summary>
    private static double[] SurvregStart(ParametricData data, LogLocationScaleFamily family, int strata)
    {
        var (_, logScale) = ParametricStart.Moments(data, family);
        var scales = Enumerable.Repeat(logScale, strata).ToArray();
        var intercept = ParametricStart.LeastSquares(data, family, 1, scales)[0];
        return [intercept, .. scales];
    }

    /// <summary>The full model's start: survreg's glim step at the intercept-only fit's σ; the Gompertz from its intercept-only fit.</summary>
    private static double[] FullStart(ParametricData data, ParametricFamily family, int columns, double[] nullFit, int strata, int k)
    {
        var ancillary = nullFit[1..];
        if (family is Gompertz)
        {
            var start = new double[columns + ancillary.Length];
            start[0] = nullFit[0];
            ancillary.CopyTo(start, columns);
            return start;
        }
        var beta = ParametricStart.LeastSquares(data, (LogLocationScaleFamily)family, columns, ancillary);
        return [.. beta, .. ancillary];
    }

    /// <summary>
    /// log(D/T), the exponential rate's log, with a = 0 in every stratum. D counts every event seen (exactly, or within
    /// an interval or before a time); an interval's subject is taken at risk to its midpoint, a left-censored one to half
    /// its time, so that data with no exact time start where the events are.
    /// </summary>
    private static double[] GompertzStart(ParametricData data, int strata)
    {
        double events = 0, exposure = 0;
        for (var i = 0; i < data.ObservationCount; i++)
        {
            var w = data.Weights?[i] ?? 1;
            var kind = data.Kinds[i];
            if (kind != (byte)CensoringKind.RightCensored && kind != ParametricData.EntryOnly) events += w;
            var time = kind switch
            {
                (byte)CensoringKind.Interval => (data.Times[i] + data.Upper![i]) / 2,
                (byte)CensoringKind.LeftCensored => data.Times[i] / 2,
                _ => data.Times[i],
            };
            if (kind == ParametricData.EntryOnly) exposure -= w * time;
            else exposure += w * (time - (data.Entries?[i] ?? 0));
        }
        return [Math.Log(events / exposure), .. new double[strata]];
    }

    /// <summary>The better of the Weibull (Q = 1) and log-normal (Q = 0) fits, with Q inserted after each stratum's log σ.</summary>
    private static (double[] Null, Func<double[], double[]> Full) GeneralizedGammaStarts(IReadOnlyDictionary<ParametricDistribution, ModelRuns> done, int strata)
    {
        var weibull = done[ParametricDistribution.Weibull];
        var lognormal = done[ParametricDistribution.LogNormal];
        static double[] WithQ(double[] parameters, int strata, double q)
        {
            var columns = parameters.Length - strata;
            var result = new double[columns + 2 * strata];
            Array.Copy(parameters, result, columns);
            for (var s = 0; s < strata; s++)
            {
                result[columns + 2 * s] = parameters[columns + s];
                result[columns + 2 * s + 1] = q;
            }
            return result;
        }
        static (double[] Parameters, double Q) Better(NewtonRaphsonRun w, NewtonRaphsonRun l) =>
            !(l.Final.LogLikelihood > w.Final.LogLikelihood) ? (w.Parameters, 1) : (l.Parameters, 0);
        var (nullParameters, nullQ) = Better(weibull.Null ?? weibull.Full, lognormal.Null ?? lognormal.Full);
        var (fullParameters, fullQ) = Better(weibull.Full, lognormal.Full);
        return (WithQ(nullParameters, strata, nullQ), _ => WithQ(fullParameters, strata, fullQ));
    }

    private static ParametricFit Result(ParametricData data, ModelRuns runs, ParametricOptions options)
    {
        var shape = new FitShape(
            [.. data.Design.Columns.Select(c => new CoxSumsColumn(c.TermName, c.Level, c.ReferenceLevel))], data.Design.Means,
            data.Stratified ? data.StrataLabels : [], data.Subjects);
        var family = runs.Likelihood.Family;
        var (fit, parameters, variance) = Summarise(shape, family, runs.Likelihood.AncillaryStrata, runs.Full, runs.Null, options);
        var model = new ParametricModel(family, ParametricProfileSpace.Of(data), parameters, variance);
        return fit with { Predictions = fit.LogLikelihood is null ? [] : ParametricPredictor.Predict(model, options) };
    }

    /// <summary>What a fit's report needs of the data besides the runs: the design columns, their centres, the strata's labels, the subjects.</summary>
    internal sealed record FitShape(IReadOnlyList<CoxSumsColumn> Columns, double[] Means, IReadOnlyList<string> StrataLabels, long Subjects);

    /// <summary>The fit's report from its Newton–Raphson runs (no predictions), with its uncentred parameters and their variance.</summary>
    internal static (ParametricFit Fit, double[] Parameters, double[] Variance) Summarise(
        FitShape shape, ParametricFamily family, int strata, NewtonRaphsonRun run, NewtonRaphsonRun? nullRun, ParametricOptions options)
    {
        var columns = 1 + shape.Columns.Count;
        var k = family.AncillaryCount;
        var size = columns + strata * k;
        var decomposition = new SingularCholesky(run.Final.Information!, size, ParametricNewtonRaphson.CholeskyTolerance);
        var centredVariance = decomposition.Inverse();

        // Back to R's uncentred columns: β₀ = β̃₀ − Σ x̄_c β_c, V = A Ṽ A'.
        var means = shape.Means;
        var parameters = (double[])run.Parameters.Clone();
        for (var c = 1; c < columns; c++) parameters[0] -= means[c - 1] * run.Parameters[c];
        var transform = new double[size * size];
        for (var i = 0; i < size; i++) transform[i * size + i] = 1;
        for (var c = 1; c < columns; c++) transform[c] = -means[c - 1];
        var variance = Sandwich(transform, centredVariance, size);

        var level = options.Level;
        var coefficients = new ParametricCoefficient[columns];
        var oneScale = strata <= 1;
        for (var c = 0; c < columns; c++)
        {
            var column = c == 0 ? null : shape.Columns[c - 1];
            var coefficient = new ParametricCoefficient
            {
                Term = column?.Term ?? "(Intercept)", Level = column?.Level ?? "", ReferenceLevel = column?.ReferenceLevel ?? "",
            };
            if (!decomposition.IsKept(c))
            {
                coefficients[c] = coefficient with { NotEstimableReason = "the column is a linear combination of the columns before it (aliased), so its coefficient is not estimable" };
                continue;
            }
            var beta = parameters[c];
            var se = Math.Sqrt(variance[c * size + c]);
            coefficient = coefficient with
            {
                Estimate = beta, StdError = Finite(se), Lower = Finite(beta - level.Z * se), Upper = Finite(beta + level.Z * se),
                Z = Finite(beta / se), PValue = double.IsFinite(beta / se) ? WaldPValue.TwoSided(beta / se) : null,
            };
            if (c > 0 && family.AcceleratedFailureTime) coefficient = coefficient with { TimeRatio = RatioEstimate.FromLog(beta, se, level) };
            if (c > 0 && family.ProportionalHazards) coefficient = coefficient with { HazardRatio = HazardRatio(family, parameters, variance, size, c, columns, oneScale, level) };
            coefficients[c] = coefficient;
        }

        var ancillary = ImmutableArray.CreateBuilder<AncillaryEstimate>();
        var names = coefficients.Select(c => c.Name).ToList();
        for (var s = 0; s < strata; s++)
        {
            var label = shape.StrataLabels.Count > 0 ? shape.StrataLabels[s] : "";
            for (var j = 0; j < k; j++)
            {
                var at = columns + s * k + j;
                var name = family.AncillaryNames[j];
                names.Add(label.Length > 0 ? $"{name}:{label}" : name);
                var estimate = parameters[at];
                var se = Math.Sqrt(variance[at * size + at]);
                ancillary.Add(new AncillaryEstimate(name, label, estimate, Finite(se), Finite(estimate - level.Z * se), Finite(estimate + level.Z * se)));
                if (name.StartsWith("Log(", StringComparison.Ordinal))
                {
                    var natural = Math.Exp(estimate);
                    ancillary.Add(new AncillaryEstimate(name[4..^1], label, natural, Finite(natural * se),
                        Finite(Math.Exp(estimate - level.Z * se)), Finite(Math.Exp(estimate + level.Z * se))));
                }
            }
        }

        var loglik = run.Final.LogLikelihood;
        var loglikNull = nullRun?.Final.LogLikelihood ?? loglik;
        var keptColumns = Enumerable.Range(0, columns).Count(decomposition.IsKept);
        var parameterCount = keptColumns + strata * k;
        var finite = double.IsFinite(loglik);
        var reason = !finite ? "the log-likelihood is not finite at the last step"
            : !run.Converged ? $"did not converge in {run.Iterations} iterations (the likelihood may be maximised at a boundary of the parameters, or be flat)"
            : decomposition.NegativePivot || Enumerable.Range(0, size).Any(i => decomposition.IsKept(i) && !(variance[i * size + i] > 0))
                ? "the information matrix is not positive definite at the estimate (a saddle point or a boundary of the parameters)"
                : null;
        var note = family is Exponential && shape.StrataLabels.Count > 0
            ? "the exponential has no scale to give each stratum (R's survreg refuses strata with a fixed scale), so its fit is the same without them"
            : null;
        var fit = new ParametricFit
        {
            Distribution = family.Distribution,
            Coefficients = [.. coefficients],
            Ancillary = ancillary.ToImmutable(),
            LogLikelihood = Finite(loglik),
            LogLikelihoodNull = Finite(loglikNull),
            Aic = finite ? -2 * loglik + 2 * parameterCount : null,
            Bic = finite ? -2 * loglik + parameterCount * Math.Log(shape.Subjects) : null,
            ParameterCount = parameterCount,
            LikelihoodRatio = columns == 1
                ? ChiSquareTest.NotEstimable(0, "an intercept-only model has no covariates to test")
                : keptColumns < 2 ? ChiSquareTest.NotEstimable(0, "no covariate's coefficient is estimable")
                : finite && double.IsFinite(loglikNull) ? ChiSquareTest.Of(2 * (loglik - loglikNull), keptColumns - 1)
                    : ChiSquareTest.NotEstimable(keptColumns - 1, "a log-likelihood is not finite"),
            ParameterNames = [.. names],
            Variance = [.. variance.Select(v => double.IsFinite(v) ? v : 0)],
            Iterations = run.Iterations,
            Converged = reason is null,
            NotConvergedReason = reason,
            Note = note,
        };
        return (fit, parameters, variance);
    }

    /// <summary>exp(−β/σ) for the exponential and Weibull (with one scale), exp(β) for the Gompertz.</summary>
    private static RatioEstimate HazardRatio(ParametricFamily family, double[] parameters, double[] variance, int size, int c, int columns, bool oneScale, ConfidenceLevel level)
    {
        var beta = parameters[c];
        switch (family)
        {
            case Gompertz:
                return RatioEstimate.FromLog(beta, Math.Sqrt(variance[c * size + c]), level);
            case Exponential:
                return RatioEstimate.FromLog(-beta, Math.Sqrt(variance[c * size + c]), level);
            default:
                if (!oneScale) return RatioEstimate.NotEstimable("each stratum has its own scale σ, so the hazard ratio exp(−β/σ) differs between strata");
                // log HR = −β/σ: gradient −1/σ in β and β/σ in log σ.
                var at = columns;
                var sigma = Math.Exp(parameters[at]);
                var vbb = variance[c * size + c];
                var vbs = variance[c * size + at];
                var vss = variance[at * size + at];
                var se = Math.Sqrt((vbb - 2 * beta * vbs + beta * beta * vss) / (sigma * sigma));
                return RatioEstimate.FromLog(-beta / sigma, se, level);
        }
    }

    /// <summary>A V A' for square row-major matrices (MathNet).</summary>
    private static double[] Sandwich(double[] a, double[] v, int size)
    {
        var transform = Matrix<double>.Build.DenseOfRowMajor(size, size, a);
        return (transform * Matrix<double>.Build.DenseOfRowMajor(size, size, v) * transform.Transpose()).ToRowMajorArray();
    }

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;
}
