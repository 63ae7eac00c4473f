using System.Buffers;
using System.Collections.Immutable;
using Survival.Core.Inference;
using Survival.Core.Numerics;
using Survival.Core.Regression;

namespace Survival.Core.Cox;

/// <summary>
/// The one Cox engine: from the rows (<see cref="CoxRows"/>) to the fitted model — R's Newton–Raphson on the partial
/// likelihood, the model-based and robust variances, the Wald, likelihood-ratio and score tests and the concordance.
/// The group-factor model and the regression (per subject, per (start, stop] stretch, or Fine–Gray) are adapters that
/// build the rows and name the columns.
/// </summary>
/// <remarks>
/// β̂ maximizes the partial likelihood (<see cref="CoxLikelihood"/>) by R's iteration (<see cref="CoxNewtonRaphson"/>),
/// each step solved as R's <c>cholesky2</c> solves it (<see cref="SingularCholesky"/>: a column that is a linear
/// combination of those before it is aliased, R's NA). var(β̂) = I(β̂)⁻¹, or the robust sandwich
/// (<see cref="CoxRobustVariance"/>) with the model-based se reported beside it. With I the information and z the
/// normal quantile of the confidence level (Cox 1972; Therneau &amp; Grambsch 2000, chapter 3):
/// <code>
/// se(β) = √V_cc    HR = exp(β)    CI = exp(β ± z·se)    Wald z = β/se, p = 2Φ(−|z|)
/// likelihood ratio  2(log L(β̂) − log L(0))       on the number of estimated coefficients
/// Wald              β̂' V⁻¹ β̂  (β̂' I(β̂) β̂ when V = I⁻¹)
/// score             U(0)' I(0)⁻¹ U(0)
/// robust score      u' (Σ_c u_c u_c')⁻¹ u at β = 0, when the variance is robust (R's fit$rscore)
/// </code>
/// Monotone likelihood: when a coefficient runs off to ±∞ (a group or level with no events, or complete
/// separation), log L rises towards a finite limit and R stops with the warning "Loglik converged before variable …;
/// coefficient may be infinite" (a further Newton step larger than 10⁻⁹ and than √10⁻⁹·|β|). Those coefficients and
/// the Wald test are then not estimable and the model is reported as not converged; the likelihood-ratio and score
/// tests remain valid and are reported.
/// </remarks>
internal static class CoxEngine
{
    /// <summary>How the engine fits.</summary>
    /// <param name="Ties">The ties method.</param>
    /// <param name="Level">The confidence level of the intervals.</param>
    /// <param name="Robust">Whether the variance is the robust sandwich (the adapter applies R's rule).</param>
    /// <param name="MaxIterations">R's <c>iter.max</c>.</param>
    public sealed record Options(TieMethod Ties, ConfidenceLevel Level, bool Robust, int MaxIterations = CoxNewtonRaphson.DefaultMaxIterations);

    /// <summary>Fits the model of <paramref name="rows"/>; <paramref name="columns"/> name the coefficients (their estimates are filled).</summary>
    /// <param name="rows">The rows.</param>
    /// <param name="columns">One coefficient per design column, in order, as the model names them.</param>
    /// <param name="labels">How a reason names each column (R's coefficient name, or the group's label).</param>
    /// <param name="options">How to fit.</param>
    public static (CoxModel Model, CoxFit Fit) Fit(CoxRows rows, IReadOnlyList<CoxCoefficient> columns, IReadOnlyList<string> labels, Options options) =>
        Fit(new CoxLikelihood(rows, options.Ties), columns, labels, options);

    /// <summary>
    /// The model alone, for an adapter that keeps nothing of the fit for later (no <c>cox.zph</c>, no curves): the
    /// likelihood's per-row arrays are borrowed from the pool for the fit and given back after it.
    /// </summary>
    public static CoxModel FitModel(CoxRows rows, IReadOnlyList<CoxCoefficient> columns, IReadOnlyList<string> labels, Options options)
    {
        using var likelihood = new CoxLikelihood(rows, options.Ties, pooled: true);
        return Fit(likelihood, columns, labels, options).Model;
    }

    private static (CoxModel Model, CoxFit Fit) Fit(CoxLikelihood likelihood, IReadOnlyList<CoxCoefficient> columns, IReadOnlyList<string> labels, Options options)
    {
        var rows = likelihood.Rows;
        var m = rows.Width;
        var fit = Iterate(m, (beta, into) => likelihood.Evaluate(beta, into), options);
        var estimates = Estimate(fit, columns, labels, options,
            naive => options.Robust ? CoxRobustVariance.Compute(rows, fit.Beta, options.Ties, naive) : naive);
        var (variance, kept, rank) = (estimates.Variance, estimates.Kept, estimates.Kept.Length);
        var robustScore = options.Robust ? CoxRobustVariance.ScoreTest(rows, options.Ties, kept) : null;
        var model = estimates.Model with
        {
            Stratified = rows.StratumStarts.Length > 2,
            RobustScore = robustScore is { } test ? ChiSquareTest.Of(test, rank) : null,
            Concordance = Concordance(rows, fit.Beta),
            Subjects = rows.Subjects,
            Events = rows.EventCount,
            Clusters = rows.ClusterCount,
        };
        return (model, new CoxFit(rows, likelihood, fit.Beta, variance, kept, options.Ties, options.Level, estimates.Finite));
    }

    /// <summary>The concordance of η = x'β̂, whose per-row values are borrowed from the pool: the concordance keeps none of them.</summary>
    private static ConcordanceEstimate? Concordance(CoxRows rows, double[] beta)
    {
        var eta = ArrayPool<double>.Shared.Rent(rows.Count);
        try
        {
            rows.LinearPredictor(beta, eta);
            return CoxConcordance.Compute(rows, eta);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(eta);
        }
    }

    /// <summary>R's iteration from β = 0 on the likelihood <paramref name="evaluate"/> writes, each step solved as R's cholesky2.</summary>
    internal static CoxNewtonRaphson.Result Iterate(int m, Action<double[], PartialLikelihood> evaluate, Options options) =>
        // Aliased columns are held at zero by every step, so the solver never fails.
        CoxNewtonRaphson.Run(m, options.Ties, evaluate, options.MaxIterations, (information, score) => new SingularCholesky(information, m).Solve(score))!;

    /// <summary><see cref="Iterate"/> on a likelihood awaited from elsewhere (a data side's sums).</summary>
    internal static async ValueTask<CoxNewtonRaphson.Result> IterateAsync(int m, Func<double[], PartialLikelihood, ValueTask> evaluate, Options options) =>
        (await CoxNewtonRaphson.RunAsync(m, options.Ties, evaluate, options.MaxIterations, (information, score) => new SingularCholesky(information, m).Solve(score)).ConfigureAwait(false))!;

    /// <summary>What the fitted β and information give however the likelihood was summed.</summary>
    /// <param name="Model">The model without what needs the rows (concordance, robust score, clusters, counts: zero or absent).</param>
    /// <param name="Variance">The reported var(β̂).</param>
    /// <param name="Kept">The columns not aliased.</param>
    /// <param name="Finite">Whether the fit converged to finite coefficients.</param>
    internal sealed record Estimates(CoxModel Model, double[] Variance, int[] Kept, bool Finite);

    /// <summary>The coefficients, variance and tests of <paramref name="fit"/>; <paramref name="reported"/> turns I⁻¹ into the reported variance.</summary>
    internal static Estimates Estimate(
        CoxNewtonRaphson.Result fit, IReadOnlyList<CoxCoefficient> columns, IReadOnlyList<string> labels, Options options, Func<double[], double[]> reported)
    {
        var m = fit.Beta.Length;
        var decomposition = new SingularCholesky(fit.Final.Information, m);
        var naive = decomposition.Inverse();
        var kept = Enumerable.Range(0, m).Where(decomposition.IsKept).ToArray();
        var infinite = fit.Failure is null ? CoxNewtonRaphson.PossiblyInfinite(fit.Beta, fit.Final.Score, naive) : new bool[m];
        var variance = reported(naive);
        var anyInfinite = infinite.Contains(true);

        var coefficients = new CoxCoefficient[m];
        for (var c = 0; c < m; c++)
        {
            coefficients[c] = columns[c] with
            {
                Estimate = !decomposition.IsKept(c)
                    ? CoxCoefficientEstimate.NotEstimable(AliasedReason)
                    : infinite[c]
                        ? CoxCoefficientEstimate.NotEstimable(InfiniteTermReason)
                        : Wald(fit.Beta[c], Math.Sqrt(variance[c * m + c]), options.Level, options.Robust ? Math.Sqrt(naive[c * m + c]) : null),
            };
        }

        var rank = kept.Length;
        var reason = fit.Failure ?? (anyInfinite ? InfiniteReason(Enumerable.Range(0, m).Where(c => infinite[c]).Select(c => labels[c])) : null);
        var model = new CoxModel
        {
            Ties = options.Ties,
            Stratified = false,
            Coefficients = coefficients.Own(),
            Variance = variance.Own(),
            LikelihoodRatio = ChiSquareTest.Of(2 * (fit.Final.LogLikelihood - fit.LogLikelihoodNull), rank),
            Wald = anyInfinite ? ChiSquareTest.NotEstimable(rank, "a coefficient may be infinite") : WaldTest(fit.Beta, variance, kept, m),
            Score = ChiSquareTest.Of(fit.ScoreTest, rank),
            LogLikelihoodNull = fit.LogLikelihoodNull,
            LogLikelihood = fit.Final.LogLikelihood,
            Iterations = fit.Iterations,
            Converged = reason is null,
            NotConvergedReason = reason,
            Subjects = 0,
            Events = 0,
            Robust = options.Robust,
        };
        return new Estimates(model, variance, kept, fit.Failure is null && !anyInfinite);
    }

    private const string AliasedReason =
        "the column is a linear combination of the columns before it (aliased), so its coefficient is not estimable";

    private const string InfiniteTermReason = "the coefficient may be infinite (monotone likelihood): the likelihood keeps rising as it grows";

    /// <summary>The Wald estimate; absent when a fit stopped while the coefficient still runs off, leaving an interval at 0 or ∞.</summary>
    private static CoxCoefficientEstimate Wald(double beta, double stdError, ConfidenceLevel level, double? naiveStdError)
    {
        var estimate = CoxCoefficientEstimate.Wald(beta, stdError, level);
        if (!double.IsFinite(stdError) || !double.IsFinite(estimate.Upper!.Value) || estimate.Lower <= 0)
            return CoxCoefficientEstimate.NotEstimable("the estimate diverges: its interval reaches 0 or infinity (monotone likelihood)");
        return estimate with { NaiveStdError = naiveStdError };
    }

    private static string InfiniteReason(IEnumerable<string> labels) =>
        $"the log-likelihood converged before the coefficients of {string.Join(", ", labels.Select(l => $"'{l}'"))} did: the likelihood is " +
        "monotone (for example a group or level without events, or covariates that separate the events completely), and their hazard " +
        "ratios may be 0 or infinite";

    /// <summary>β̂' V⁻¹ β̂ over the kept columns (R's <c>fit$wald.test</c>), V the reported variance.</summary>
    private static ChiSquareTest WaldTest(double[] beta, double[] variance, int[] kept, int m)
    {
        var rank = kept.Length;
        var sub = new double[rank * rank];
        for (var a = 0; a < rank; a++)
            for (var b = 0; b < rank; b++) sub[a * rank + b] = variance[kept[a] * m + kept[b]];
        var keptBeta = kept.Select(c => beta[c]).ToArray();
        return PositiveDefinite.InverseQuadraticForm(sub, keptBeta) is { } statistic
            ? ChiSquareTest.Of(statistic, rank)
            : ChiSquareTest.NotEstimable(rank, "the variance matrix is singular");
    }
}

/// <summary>A fitted model with what later computations (<c>cox.zph</c>, adjusted curves) read besides the reported result.</summary>
/// <param name="Rows">The rows.</param>
/// <param name="Likelihood">The likelihood, for <c>cox.zph</c>'s time-weighted evaluations.</param>
/// <param name="Beta">β̂.</param>
/// <param name="Variance">The reported var(β̂).</param>
/// <param name="Kept">The columns not aliased.</param>
/// <param name="Ties">The ties method.</param>
/// <param name="Level">The confidence level.</param>
/// <param name="Finite">Whether the fit converged to finite coefficients.</param>
internal sealed record CoxFit(
    CoxRows Rows, CoxLikelihood Likelihood, double[] Beta, double[] Variance, int[] Kept, TieMethod Ties, ConfidenceLevel Level, bool Finite)
{
    /// <summary>The regression's design matrix; null for the group factor.</summary>
    public CoxDesign? Design { get; init; }

    /// <summary>The Fine–Gray model's cause of interest; null otherwise.</summary>
    public string? CauseOfInterest { get; init; }
}
