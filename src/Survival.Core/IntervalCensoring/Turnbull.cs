namespace Survival.Core.IntervalCensoring;

/// <summary>Turnbull's nonparametric maximum-likelihood estimate of the survival function from interval-censored data.</summary>
public static class Turnbull
{
    /// <summary>Estimates the survival function of one sample.</summary>
    /// <remarks>
    /// The likelihood of masses p_j on Turnbull's intervals I_j = (q_j, p_j] is
    /// <code>
    /// L(p) = Π_i (Σ_j α_ij p_j)^{w_i},   α_ij = 1 when I_j ⊆ (L_i, R_i],   p ≥ 0, Σ p = 1
    /// </code>
    /// (Turnbull 1976, JRSS B 38:290; Peto 1973). It is maximized exactly — to the Kuhn–Tucker conditions — by the
    /// constrained Newton method of Wang (2008) (<see cref="TurnbullSolver"/>), as R's <c>npsurv</c> computes it, rather than
    /// by Turnbull's EM, which R's <c>survfit(Surv(l, r, type = "interval2"))</c> stops once S moves less than 5e-5 in an
    /// iteration.
    /// </remarks>
    /// <exception cref="InputRuleException">The sample has no subject.</exception>
    public static TurnbullEstimate Estimate(IntervalCensoredData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Subjects == 0) throw new InputRuleException("cohort", "must contain at least one subject");
        var intervals = TurnbullIntervals.Of(data);
        var weights = data.Counts.Select(c => (double)c).ToArray();
        return FromSolution(data, intervals, TurnbullSolver.Solve(intervals, weights));
    }

    /// <summary>The estimate's record from the masses on every Turnbull interval.</summary>
    internal static TurnbullEstimate FromSolution(IntervalCensoredData data, TurnbullIntervals intervals, TurnbullSolution solution)
    {
        var support = Enumerable.Range(0, intervals.Count).Where(j => solution.Masses[j] > 0).ToArray();
        var mass = support.Select(j => solution.Masses[j]).ToArray();
        var after = new double[support.Length];
        // S after interval k is the mass beyond it, summed from the end so that the last is exactly 0.
        var beyond = 0.0;
        for (var k = support.Length - 1; k >= 0; k--)
        {
            after[k] = beyond;
            beyond += mass[k];
        }
        return new TurnbullEstimate
        {
            Left = support.Select(j => intervals.Left[j]).ToArray().Own(),
            Right = support.Select(j => intervals.Right[j]).ToArray().Own(),
            Mass = mass.Own(),
            SurvivalAfter = after.Own(),
            Counts = IntervalCounts.Of(data),
            TurnbullIntervalCount = intervals.Count,
            LogLikelihood = solution.LogLikelihood,
            Iterations = solution.Iterations,
            Converged = solution.Converged,
            KuhnTuckerResidual = solution.KuhnTuckerResidual,
        };
    }
}
