namespace Survival.Core.IntervalCensoring;

/// <summary>
/// The pooled Turnbull estimate under the null hypothesis of equal groups, at the points where every rank score reads
/// it: the survival after each interval with mass, its discrete hazard and cumulative hazard, and for any observed
/// interval the positions of S(L) and S(R) among them.
/// </summary>
/// <remarks>
/// Position −1 is time 0 (S = 1); position k is the right end of the k-th interval with mass (S_k = Σ_{l&gt;k} p_l). An
/// observation (L, R] has S(L) = S at the last interval with mass wholly before it, S(R) = S at the last interval with
/// mass within it — both identified, because no Turnbull interval straddles an observed end. The discrete hazard is
/// λ_k = p_k / S_{k−1} and Λ_k = Σ_{l≤k} λ_l.
/// </remarks>
internal sealed class NullSurvival
{
    private readonly TurnbullIntervals _intervals;
    private readonly int[] _supportBefore;

    public NullSurvival(IntervalCensoredData pooled)
    {
        _intervals = TurnbullIntervals.Of(pooled);
        var solution = TurnbullSolver.Solve(_intervals, [.. pooled.Counts.Select(c => (double)c)]);
        Estimate = Turnbull.FromSolution(pooled, _intervals, solution);
        _supportBefore = new int[_intervals.Count + 1];
        for (var j = 0; j < _intervals.Count; j++) _supportBefore[j + 1] = _supportBefore[j] + (solution.Masses[j] > 0 ? 1 : 0);

        var count = Estimate.Mass.Length;
        Survival = [.. Estimate.SurvivalAfter];
        Hazard = new double[count];
        CumulativeHazard = new double[count];
        var cumulative = 0.0;
        for (var k = 0; k < count; k++)
        {
            // The last interval's hazard is 1: every subject still event-free has the event there.
            Hazard[k] = k == count - 1 ? 1 : Estimate.Mass[k] / Estimate.SurvivalBefore(k);
            cumulative += Hazard[k];
            CumulativeHazard[k] = cumulative;
        }
    }

    /// <summary>The pooled estimate.</summary>
    public TurnbullEstimate Estimate { get; }

    /// <summary>The number K of intervals with mass.</summary>
    public int Count => Survival.Length;

    /// <summary>S_k, the survival after the k-th interval with mass; the last is 0.</summary>
    public double[] Survival { get; }

    /// <summary>λ_k = p_k / S_{k−1}.</summary>
    public double[] Hazard { get; }

    /// <summary>Λ_k = Σ_{l≤k} λ_l.</summary>
    public double[] CumulativeHazard { get; }

    /// <summary>S at position <paramref name="position"/> (−1: time 0, S = 1).</summary>
    public double SurvivalAt(int position) => position < 0 ? 1 : Survival[position];

    /// <summary>Λ at position <paramref name="position"/> (−1: 0).</summary>
    public double CumulativeHazardAt(int position) => position < 0 ? 0 : CumulativeHazard[position];

    /// <summary>The positions of S(L) and S(R) for the observation (left, right].</summary>
    public (int Left, int Right) Positions(double left, double right)
    {
        var (first, last) = _intervals.Locate(left, right);
        return (_supportBefore[first] - 1, _supportBefore[last + 1] - 1);
    }
}
