using MathNet.Numerics.Distributions;
using Survival.Core.Counting;
using Survival.Core.GroupTests;
using Survival.Core.Inference;
using Survival.Core.Numerics;
using Survival.Core.Regression;

namespace Survival.Core.Cox;

/// <summary>The Cox proportional hazards model of survival on a group factor, with optional strata, as R's <c>coxph</c>.</summary>
public static class CoxProportionalHazards
{
    /// <summary>Fits <c>coxph(Surv(time, status) ~ group (+ strata(s)), ties = ...)</c> with the group as a factor.</summary>
    /// <remarks>
    /// Cox (1972). The hazard of group g is h₀(t)·exp(β_g) with β = 0 for the reference group (by default the first
    /// group, as R's treatment contrasts); with strata each stratum has its own baseline h₀. β̂ maximizes the partial
    /// likelihood, with ties as <paramref name="ties"/> says (Efron 1977, Breslow 1974, or the exact discrete
    /// likelihood), by Newton–Raphson as R iterates (see <see cref="CoxNewtonRaphson"/>). With I the information
    /// (minus the Hessian of log L) and z the normal quantile of the confidence level:
    /// <code>
    /// se(β_g) = √(I(β̂)⁻¹)_gg    HR = exp(β)    CI = exp(β ± z·se)    Wald z = β/se, p = 2Φ(−|z|)
    /// likelihood ratio  2(log L(β̂) − log L(0))       on k − 1 df
    /// Wald              β̂' I(β̂) β̂                     on k − 1 df
    /// score             U(0)' I(0)⁻¹ U(0)              on k − 1 df
    /// </code>
    /// <para>
    /// Monotone likelihood: when a group has no events, or the groups separate completely, log L rises towards a
    /// finite limit as a β runs to ±∞ and R stops with a large β and the warning "Loglik converged before variable …;
    /// coefficient may be infinite" (a further Newton step larger than 10⁻⁹ and than √10⁻⁹·|β|). The model is then
    /// reported as not converged, with a reason naming the groups, and those terms and the Wald test as not
    /// estimable; the likelihood-ratio and score tests remain valid and are reported.
    /// </para>
    /// <para>
    /// With case weights (R's <c>coxph(..., weights = w)</c>) the likelihood is weighted (see <see cref="EfronTies"/>
    /// and <see cref="BreslowTies"/>; R rejects weights with exact ties, and so does this). Whole weights are
    /// frequencies: se and the tests are those above. When a weight is not whole, R's default variance is the robust
    /// sandwich (<see cref="CoxRobustVariance"/>): se and the Wald test use it, the model-based se is reported as
    /// <see cref="CoxCoefficientEstimate.NaiveStdError"/>, and the likelihood-ratio and score tests stay model-based, as R's.
    /// </para>
    /// <para>
    /// A group with no subject at risk at any event time does not enter the likelihood: as R (which reports NA), its
    /// term is not estimable and the model is fitted on the other groups.
    /// </para>
    /// </remarks>
    /// <param name="data">Times and event indicators.</param>
    /// <param name="groups">Each subject's group; at least two groups.</param>
    /// <param name="strata">Each subject's stratum, or null.</param>
    /// <param name="ties">How tied event times are handled; Efron by default, as R.</param>
    /// <param name="referenceGroup">The group the others are compared with; null for the first group.</param>
    /// <param name="level">The confidence level of the hazard-ratio intervals; 0.95 when null.</param>
    /// <exception cref="InputRuleException">Fewer than two groups, a factor that does not match the data, or an unknown reference group.</exception>
    public static CoxModel Fit(
        SurvivalData data,
        Factor groups,
        Factor? strata = null,
        TieMethod ties = TieMethod.Efron,
        string? referenceGroup = null,
        ConfidenceLevel? level = null)
    {
        ArgumentNullException.ThrowIfNull(groups);
        return Fit(CountingTable.FromSubjects(data, groups, strata), strata is not null, ties, referenceGroup, level);
    }

    /// <summary>Fits the model on the groups of a counting table, with its strata when <paramref name="stratified"/>.</summary>
    /// <remarks>See the overload on subjects; the model depends on the data only through the table's risk sets.</remarks>
    /// <exception cref="InputRuleException">Fewer than two groups, an unknown reference group or ties method.</exception>
    public static CoxModel Fit(
        CountingTable counts,
        bool stratified,
        TieMethod ties = TieMethod.Efron,
        string? referenceGroup = null,
        ConfidenceLevel? level = null)
    {
        ArgumentNullException.ThrowIfNull(counts);
        if (!Enum.IsDefined(ties)) throw new InputRuleException("ties", "must be a known ties method");
        CheckTies(counts.Weighted, ties);
        var table = RiskSets.Build(counts, stratified);
        var reference = referenceGroup is null ? 0 : counts.IndexOfGroup(referenceGroup, "reference_group");
        return Fit(table, counts.Groups, reference, ties, level ?? ConfidenceLevel.Default);
    }

    internal static CoxModel Fit(
        RiskSets table,
        IReadOnlyList<string> levels,
        int reference,
        TieMethod ties,
        ConfidenceLevel level,
        int maxIterations = CoxNewtonRaphson.DefaultMaxIterations)
    {
        // A group never at risk at an event time does not enter the likelihood; R's Cholesky drops its column and
        // reports its coefficient as NA, and the model is fitted on the others.
        var k = table.GroupCount;
        var termGroups = Enumerable.Range(0, k).Where(g => g != reference).ToArray();
        var covariateOf = Enumerable.Repeat(-1, k).ToArray();
        var covariates = 0;
        foreach (var g in termGroups.Where(g => IsAtRiskAtAnEvent(table, g))) covariateOf[g] = covariates++;
        if (table.RowCount == 0)
            return NotEstimable(table, levels, reference, ties, termGroups, WeightedLogRank.NoEventsReason, 0);
        if (covariates == 0)
            return NotEstimable(table, levels, reference, ties, termGroups, "no group but the reference is at risk at an event time", 0);

        if (CoxNewtonRaphson.Run(new CoxGroupLikelihood(table, covariateOf, ties), ties, maxIterations, PositiveDefinite.Solve) is not { } fit)
            return NotEstimable(table, levels, reference, ties, termGroups,
                "the information matrix is singular at β = 0: a group is never at risk at an event time, or is alone at risk at every one", 0);
        if (PositiveDefinite.Inverse(fit.Final.Information, covariates) is not { } variance)
            return NotEstimable(table, levels, reference, ties, termGroups, "the information matrix is singular at the estimate", fit.Iterations);

        var infinite = fit.Failure is null ? CoxNewtonRaphson.PossiblyInfinite(fit.Beta, fit.Final.Score, variance) : new bool[covariates];
        var naive = variance;
        if (table.RobustVariance) variance = CoxRobustVariance.Compute(table, covariateOf, RiskScores(fit.Beta, covariateOf), ties, naive);
        var anyInfinite = infinite.Contains(true);
        var reason = fit.Failure ?? (anyInfinite
            ? InfiniteReason(termGroups.Where(g => covariateOf[g] >= 0 && infinite[covariateOf[g]]).Select(g => levels[g]), levels[reference])
            : null);
        var groupScore = new double[k];
        for (var g = 0; g < k; g++) groupScore[g] = covariateOf[g] < 0 ? 0 : fit.Beta[covariateOf[g]];
        var concordance = Concordance.Compute(table, groupScore);

        return new CoxModel(
            levels[reference],
            ties,
            table.Stratified,
            [.. termGroups.Select(g => covariateOf[g] switch
            {
                < 0 => EmptyTerm(levels[g], "no subjects of this group are at risk at any event time"),
                var c when infinite[c] => EmptyTerm(levels[g], "the coefficient may be infinite (monotone likelihood)"),
                var c => Term(levels[g], fit.Beta[c], Math.Sqrt(variance[c * covariates + c]), level,
                    table.RobustVariance ? Math.Sqrt(naive[c * covariates + c]) : null),
            })],
            ChiSquareTest.Of(2 * (fit.Final.LogLikelihood - fit.LogLikelihoodNull), covariates),
            anyInfinite
                ? ChiSquareTest.NotEstimable(covariates, "a coefficient may be infinite")
                : WaldTest(fit.Beta, table.RobustVariance ? variance : null, fit.Final.Information, covariates),
            ChiSquareTest.Of(fit.ScoreTest, covariates),
            concordance?.Value,
            table.DelayedEntry ? null : concordance?.StdError,
            fit.LogLikelihoodNull,
            fit.Final.LogLikelihood,
            fit.Iterations,
            reason is null,
            reason,
            table.SubjectCount,
            table.TotalDeaths.Sum());
    }

    /// <summary>R's <c>coxph</c> stops with "Case weights are not supported for the exact method".</summary>
    internal static void CheckTies(bool weighted, TieMethod ties)
    {
        if (weighted && ties == TieMethod.Exact)
            throw new InputRuleException("ties", InputRules.ExactTiesWithWeightsRequirement);
    }

    /// <summary>exp(β_g) per group, the reference and groups left out at 1.</summary>
    private static double[] RiskScores(double[] beta, int[] covariateOf) =>
        [.. covariateOf.Select(c => c < 0 ? 1 : Math.Exp(beta[c]))];

    /// <summary>β̂' V⁻¹ β̂ with V the robust variance when given (R's <c>fit$wald.test</c> then uses it), else β̂' I β̂.</summary>
    private static ChiSquareTest WaldTest(double[] beta, double[]? robust, double[] information, int covariates)
    {
        if (robust is null) return ChiSquareTest.Of(QuadraticForm(information, beta), covariates);
        return PositiveDefinite.Inverse(robust, covariates) is { } inverse
            ? ChiSquareTest.Of(QuadraticForm(inverse, beta), covariates)
            : ChiSquareTest.NotEstimable(covariates, "the robust variance is singular");
    }

    private static bool IsAtRiskAtAnEvent(RiskSets table, int group)
    {
        for (var row = 0; row < table.RowCount; row++)
        {
            if (table.CoxAtRisk[row * table.GroupCount + group] > 0) return true;
        }
        return false;
    }

    private static CoxTerm Term(string group, double beta, double stdError, ConfidenceLevel level, double? naiveStdError)
    {
        var estimate = CoxCoefficientEstimate.Wald(beta, stdError, level);
        // A fit stopped while a coefficient still runs off leaves an interval reaching 0 or ∞: no estimate to report.
        if (!double.IsFinite(stdError) || !double.IsFinite(estimate.Upper!.Value) || estimate.Lower <= 0)
            return EmptyTerm(group, "the estimate diverges: its interval reaches 0 or infinity (monotone likelihood)");
        return new CoxTerm(group, estimate with { NaiveStdError = naiveStdError });
    }

    private static CoxTerm EmptyTerm(string group, string reason) => new(group, CoxCoefficientEstimate.NotEstimable(reason));

    private static CoxModel NotEstimable(
        RiskSets table, IReadOnlyList<string> levels, int reference, TieMethod ties, int[] termGroups, string reason, int iterations)
    {
        var test = ChiSquareTest.NotEstimable(termGroups.Length, reason);
        return new CoxModel(levels[reference], ties, table.Stratified, [.. termGroups.Select(g => EmptyTerm(levels[g], reason))],
            test, test, test, null, null, null, null, iterations, false, reason, table.SubjectCount, table.TotalDeaths.Sum());
    }

    private static string InfiniteReason(IEnumerable<string> groups, string reference) =>
        $"the log-likelihood converged before the coefficient of {string.Join(", ", groups.Select(g => $"'{g}'"))} " +
        $"(against '{reference}') did: the likelihood is monotone, for example because a group has no events or the groups " +
        "separate completely, and the hazard ratio may be 0 or infinite";

    private static double QuadraticForm(double[] matrix, double[] vector)
    {
        var m = vector.Length;
        var sum = 0.0;
        for (var i = 0; i < m; i++)
            for (var j = 0; j < m; j++) sum += vector[i] * matrix[i * m + j] * vector[j];
        return sum;
    }
}
