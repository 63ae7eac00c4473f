using System.Collections.Immutable;
using Survival.Core.Inference;
using Survival.Core.Numerics;

namespace Survival.Core.IntervalCensoring;

/// <summary>
/// The interval-censored log-rank family: Sun's (1996) and Finkelstein's (1986) log-rank tests and the Peto–Peto
/// Wilcoxon-type test, as Fay &amp; Shaw (2010) define them and their R package <c>interval</c> computes them, each in the
/// permutation form and in the score-test form.
/// </summary>
public static class IntervalRankTest
{
    /// <summary>Tests equal survival across the groups of <paramref name="table"/> (strata pooled) with each of <paramref name="scores"/>.</summary>
    /// <remarks>
    /// Under the null hypothesis the groups share one survival function, estimated by Turnbull's NPMLE Ŝ of all subjects.
    /// Each subject's rank score is the derivative of its log-likelihood in β at β = 0 (Fay &amp; Shaw 2010, eq. 4):
    /// <code>
    /// c_i = [Ṡ(L_i) − Ṡ(R_i)] / [Ŝ(L_i) − Ŝ(R_i)],           U_g = Σ_{i∈g} c_i          (<see cref="RankScoreModel"/> gives Ṡ)
    /// </code>
    /// Permutation form (the permutational central limit theorem; interval's default <c>method = "pclt"</c>): with n
    /// subjects, n_g in group g and c̄ = Σc_i/n,
    /// <code>
    /// V_gh = Σ_i (c_i − c̄)² · (n n_g δ_gh − n_g n_h) / (n (n − 1)),      χ² = U'V⁻¹U over groups 2..k, k − 1 df
    /// </code>
    /// (c̄ = 0 at the exact NPMLE: the score of a shift of all groups together is a nuisance direction).
    /// Score-test form (Finkelstein 1986; interval's <c>method = "scoretest"</c>): V is the efficient information of the
    /// grouped continuous model in β at (0, Ŝ), −[H_ββ − H_βS H_SS⁻¹ H_Sβ], H the Hessian of the log-likelihood in β
    /// and in the null survival S at the right end of each interval with mass (<see cref="GroupedContinuousInformation"/>).
    /// The permutation form is exact under equal censoring in the groups; the score form is asymptotically valid with
    /// unequal censoring when assessments are few relative to subjects (Fay &amp; Shaw 2010, section 2.5).
    /// </remarks>
    /// <exception cref="InputRuleException">Fewer than two groups.</exception>
    public static ImmutableArray<IntervalRankTestResult> Compare(IntervalCountingTable table, IReadOnlyList<IntervalScore> scores)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(scores);
        if (table.GroupCount < 2) throw new InputRuleException("groups", InputRules.GroupCountRequirement);
        var fit = new NullSurvival(table.Pooled());
        var rows = ScoredRows.Of(table, fit);
        return [.. scores.Select(score => Test(table, fit, rows, score))];
    }

    private static IntervalRankTestResult Test(IntervalCountingTable table, NullSurvival fit, ScoredRows rows, IntervalScore score)
    {
        var model = RankScoreModel.For(score, fit);
        var k = table.GroupCount;
        var sums = new double[k];
        var subjects = new long[k];
        var (n, sum, sumOfSquares) = (0.0, 0.0, 0.0);
        for (var i = 0; i < rows.Count; i++)
        {
            var c = rows.Score(model, i);
            var w = rows.Weight[i];
            sums[rows.Group[i]] += w * c;
            subjects[rows.Group[i]] += (long)w;
            (n, sum, sumOfSquares) = (n + w, sum + w * c, sumOfSquares + w * c * c);
        }
        var mean = sum / n;
        var spread = sumOfSquares - n * mean * mean;

        // The permutation variance of the sums over groups 2..k; U is centred on its permutation mean.
        var centred = new double[k - 1];
        var variance = new double[(k - 1) * (k - 1)];
        for (var g = 1; g < k; g++)
        {
            centred[g - 1] = sums[g] - subjects[g] * mean;
            for (var h = 1; h < k; h++)
                variance[(g - 1) * (k - 1) + h - 1] = spread / (n * (n - 1)) * ((g == h ? n * subjects[g] : 0) - (double)subjects[g] * subjects[h]);
        }
        var information = GroupedContinuousInformation.Compute(fit, rows, model, k);
        return new IntervalRankTestResult
        {
            Score = score,
            Groups = table.Groups,
            Subjects = subjects.Own(),
            ScoreSums = sums.Own(),
            Permutation = Statistic(centred, variance),
            ScoreTest = information is null
                ? new IntervalTestStatistic(ChiSquareTest.NotEstimable(k - 1, NotEstimable), null)
                : Statistic([.. sums.Skip(1)], information),
        };
    }

    private const string NotEstimable = "the information matrix is not positive definite";

    private static IntervalTestStatistic Statistic(double[] u, double[] variance)
    {
        var chiSquare = PositiveDefinite.InverseQuadraticForm(variance, u);
        if (chiSquare is not { } value) return new IntervalTestStatistic(ChiSquareTest.NotEstimable(u.Length, NotEstimable), null);
        return new IntervalTestStatistic(ChiSquareTest.Of(value, u.Length), u.Length == 1 ? u[0] / Math.Sqrt(variance[0]) : null);
    }
}
