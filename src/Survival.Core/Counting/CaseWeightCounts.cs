namespace Survival.Core.Counting;

/// <summary>
/// The case-weight columns of one <see cref="EventTable"/>, row for row: the sums of the weights (and of their squares)
/// of the subjects who have the event, are censored or enter at each time.
/// </summary>
/// <remarks>
/// With weights w_i, the weighted Kaplan–Meier estimate and the weighted Cox likelihood need only the sums
/// d_j = Σ w_i over the events at t_j and n_j = Σ w_i over those at risk. The infinitesimal-jackknife variance
/// Σ_i w_i² (∂θ/∂w_i)² needs the sums of the squared weights too: without delayed entry, subjects who leave at the same
/// time in the same way (event or censoring) have the same derivative, so Σ w_i² over each (time, status) suffices.
/// With delayed entry the derivative depends on the entry time as well, which the table does not keep.
/// </remarks>
/// <param name="Events">Σ w over the row's events.</param>
/// <param name="Censored">Σ w over the row's censorings.</param>
/// <param name="Entered">Σ w over the row's delayed entries.</param>
/// <param name="EventSquares">Σ w² over the row's events.</param>
/// <param name="CensoredSquares">Σ w² over the row's censorings.</param>
/// <param name="Robust">
/// Whether some weight of the cohort is not a whole number: R then reports the infinitesimal-jackknife (robust)
/// variance, and otherwise treats the weights as frequencies.
/// </param>
internal sealed record CaseWeightCounts(
    double[] Events, double[] Censored, double[] Entered, double[] EventSquares, double[] CensoredSquares, bool Robust)
{
    /// <summary>Σ w over the subjects at risk at each row: entered before it and leaving at or after it.</summary>
    public double[] AtRisk { get; } = AtRiskOf(Events, Censored, Entered);

    /// <summary>Empty columns for <paramref name="rows"/> rows, to be filled.</summary>
    public static CaseWeightCounts Zero(int rows, bool robust) =>
        new(new double[rows], new double[rows], new double[rows], new double[rows], new double[rows], robust);

    /// <summary>Adds row <paramref name="from"/> of <paramref name="source"/> into row <paramref name="to"/> of these (unfinished) columns.</summary>
    public void AddRow(CaseWeightCounts source, int from, int to)
    {
        Events[to] += source.Events[from];
        Censored[to] += source.Censored[from];
        Entered[to] += source.Entered[from];
        EventSquares[to] += source.EventSquares[from];
        CensoredSquares[to] += source.CensoredSquares[from];
    }

    /// <summary>The first <paramref name="rows"/> rows, with the numbers at risk recomputed.</summary>
    public CaseWeightCounts Take(int rows) =>
        new(Events[..rows], Censored[..rows], Entered[..rows], EventSquares[..rows], CensoredSquares[..rows], Robust);

    /// <summary>Events and censorings swapped, for the reverse Kaplan–Meier estimate.</summary>
    public CaseWeightCounts Reversed() => new(Censored, Events, Entered, CensoredSquares, EventSquares, Robust);

    private static double[] AtRiskOf(double[] events, double[] censored, double[] entered)
    {
        var atRisk = new double[events.Length];
        var remaining = 0.0;
        for (var row = events.Length - 1; row >= 0; row--)
        {
            remaining += events[row] + censored[row] - entered[row];
            atRisk[row] = remaining;
        }
        return atRisk;
    }
}
