using System.Collections.Immutable;
using Survival.Core.Counting;
using Survival.Core.Inference;
using Survival.Core.Numerics;
using Survival.Core.Regression;

namespace Survival.Core.Cox;

/// <summary>
/// Cox's (1972) proportional hazards regression on per-subject covariates and factors, with strata, equal to R's
/// <c>coxph(Surv(time, status) ~ x1 + factor(f) + strata(s), ties = ...)</c> and its <c>summary()</c>.
/// </summary>
/// <remarks>
/// h(t | x) = h₀ₛ(t) exp(x'β) with a baseline hazard per stratum s. β̂ maximizes the partial likelihood
/// (<see cref="CoxRegressionLikelihood"/>) by R's Newton–Raphson (<see cref="CoxNewtonRaphson"/>);
/// var(β̂) = I(β̂)⁻¹. Wald z = β/se with p = 2Φ(−|z|); interval exp(β ± z_{1−α/2} se); likelihood ratio
/// 2(log L(β̂) − log L(0)), Wald β̂'I(β̂)β̂ and score U(0)'I(0)⁻¹U(0), each on the number of estimated coefficients.
/// An aliased column (R's NA) is absent with a reason; when R's check flags a coefficient as possibly infinite
/// (the next Newton step still exceeds 10⁻⁹ and √10⁻⁹·|β|) the likelihood is monotone and that coefficient is absent,
/// as for the group-factor model. With case weights (R's <c>weights = w</c>) the likelihood is weighted
/// (<see cref="CoxRegressionLikelihood"/>); whole weights are frequencies, and when a weight is not whole se and the
/// Wald test use R's robust sandwich variance (<see cref="CoxRegressionRobustVariance"/>), the model-based se being
/// reported beside it, while the likelihood-ratio and score tests stay model-based, as R's.
/// References: Cox (1972); Efron (1977); Therneau &amp; Grambsch (2000), chapter 3.
/// </remarks>
public static class CoxRegression
{
    /// <summary>Fits the model, and draws the adjusted survival curve of each of <paramref name="profiles"/>.</summary>
    /// <exception cref="ArgumentException">A profile lacks a term or names a level the factor does not have.</exception>
    public static CoxRegressionResult Fit(CoxRegressionData data, CoxRegressionOptions options, IReadOnlyList<CoxProfile>? profiles = null)
    {
        var model = FitModel(data, options);
        if (profiles is { Count: > 0 } && !data.Survival.Weights.IsEmpty)
            throw new ArgumentException(CoxRegressionRules.WeightedCurvesRequirement, nameof(profiles));
        return profiles is { Count: > 0 }
            ? model.Result with { Curves = CoxAdjustedSurvival.Compute(data, model, profiles) }
            : model.Result;
    }

    internal static CoxRegressionModel FitModel(CoxRegressionData data, CoxRegressionOptions options)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        if (options.MaxIterations < 1) throw new ArgumentOutOfRangeException(nameof(options), "MaxIterations must be at least 1");
        if (!data.Survival.Weights.IsEmpty && options.Ties == TieMethod.Exact)
            throw new ArgumentException(InputRules.ExactTiesWithWeightsRequirement, nameof(options));
        if (!data.Survival.Weights.IsEmpty && options.TestProportionalHazards)
            throw new ArgumentException(CoxRegressionRules.WeightedProportionalHazardsRequirement, nameof(options));
        if (!data.Survival.EntryTimes.IsEmpty && IsRobust(data.Survival))
            throw new InputRuleException("weights", InputRules.WeightWithEntryRequirement);

        var design = CoxDesign.Build(data.Terms, data.Survival.Count);
        var sets = new CoxRiskSets(data, design);
        var likelihood = new CoxRegressionLikelihood(sets, options.Ties);
        var m = design.Width;
        // Aliased columns are held at zero by every step, so the solver never fails.
        var fit = CoxNewtonRaphson.Run(likelihood, options.Ties, options.MaxIterations,
            (information, score) => new SingularCholesky(information, m).Solve(score))!;
        var decomposition = new SingularCholesky(fit.Final.Information, m);
        var variance = decomposition.Inverse();
        var kept = Enumerable.Range(0, m).Where(decomposition.IsKept).ToArray();

        var infinite = fit.Failure is null ? CoxNewtonRaphson.PossiblyInfinite(fit.Beta, fit.Final.Score, variance) : new bool[m];
        var naive = variance;
        var robust = IsRobust(data.Survival);
        if (robust) variance = CoxRegressionRobustVariance.Compute(sets, fit.Beta, options.Ties, naive);
        var anyInfinite = infinite.Contains(true);
        var coefficients = new CoxRegressionCoefficient[m];
        for (var c = 0; c < m; c++)
        {
            var column = design.Columns[c];
            coefficients[c] = !decomposition.IsKept(c)
                ? Absent(column, "the column is a linear combination of the columns before it (aliased), so its coefficient is not estimable")
                : infinite[c]
                    ? Absent(column, "the coefficient may be infinite (monotone likelihood): the likelihood keeps rising as it grows")
                    : Coefficient(column, CoxCoefficientEstimate.Wald(fit.Beta[c], Math.Sqrt(variance[c * m + c]), options.ConfidenceLevel) with
                    {
                        NaiveStdError = robust ? Math.Sqrt(naive[c * m + c]) : null,
                    });
        }

        var rank = kept.Length;
        var lr = ChiSquareTest.Of(2 * (fit.Final.LogLikelihood - fit.LogLikelihoodNull), rank);
        var wald = anyInfinite
            ? ChiSquareTest.NotEstimable(rank, "a coefficient may be infinite")
            : robust
                ? RobustWald(fit.Beta, variance, kept, m, rank)
                : ChiSquareTest.Of(WaldStatistic(fit.Beta, fit.Final.Information, kept, m), rank);
        var score = ChiSquareTest.Of(fit.ScoreTest, rank);
        var reason = fit.Failure ?? (anyInfinite
            ? "the log-likelihood converged before the coefficients of " +
              string.Join(", ", Enumerable.Range(0, m).Where(c => infinite[c]).Select(c => $"'{coefficients[c].Name}'")) +
              " did: the likelihood is monotone and their hazard ratios may be 0 or infinite"
            : null);

        var eta = new double[sets.Count];
        sets.LinearPredictor(fit.Beta, eta);
        var concordance = CoxConcordance.Compute(sets, eta);

        ProportionalHazardsTest? zph = null;
        string? zphReason = null;
        if (options.TestProportionalHazards)
        {
            if (options.Ties == TieMethod.Exact) zphReason = "R's cox.zph is defined for Efron and Breslow ties only";
            else if (anyInfinite || fit.Failure is not null) zphReason = "the model did not converge to finite coefficients";
            else zph = CoxZph.Compute(data, design, likelihood, fit.Beta, kept);
        }

        var result = new CoxRegressionResult(
            options.Ties, data.Strata is not null, coefficients.Own(), variance.Own(), lr, wald, score, concordance,
            fit.LogLikelihoodNull, fit.Final.LogLikelihood, fit.Iterations, reason is null, reason,
            data.Survival.Count, sets.EventCount, zph, zphReason, []);
        return new CoxRegressionModel(result, design, sets, fit.Beta, variance, options);
    }

    /// <summary>Some weight is not whole: R's coxph then reports the robust variance.</summary>
    private static bool IsRobust(SurvivalData survival)
    {
        foreach (var w in survival.Weights.Span) if (w != Math.Floor(w)) return true;
        return false;
    }

    /// <summary>β̂' V⁻¹ β̂ over the kept columns with V the robust variance, as R's <c>fit$wald.test</c>.</summary>
    private static ChiSquareTest RobustWald(double[] beta, double[] variance, int[] kept, int m, int rank)
    {
        var sub = new double[rank * rank];
        for (var a = 0; a < rank; a++)
            for (var b = 0; b < rank; b++) sub[a * rank + b] = variance[kept[a] * m + kept[b]];
        if (PositiveDefinite.Inverse(sub, rank) is not { } inverse) return ChiSquareTest.NotEstimable(rank, "the robust variance is singular");
        var keptBeta = kept.Select(c => beta[c]).ToArray();
        return ChiSquareTest.Of(WaldStatistic(keptBeta, inverse, [.. Enumerable.Range(0, rank)], rank), rank);
    }

    private static CoxRegressionCoefficient Absent(CoxDesignColumn column, string reason) =>
        Coefficient(column, CoxCoefficientEstimate.NotEstimable(reason));

    private static CoxRegressionCoefficient Coefficient(CoxDesignColumn column, CoxCoefficientEstimate estimate) =>
        new(column.TermName, column.Level, column.ReferenceLevel, estimate);

    private static double WaldStatistic(double[] beta, double[] information, int[] kept, int m)
    {
        var sum = 0.0;
        foreach (var a in kept)
        {
            foreach (var b in kept) sum += beta[a] * information[a * m + b] * beta[b];
        }
        return sum;
    }
}
