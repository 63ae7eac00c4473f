using Survival.Core.Counting;

namespace Survival.Core.Curves;

/// <summary>
/// The infinitesimal-jackknife (robust) variance of the weighted Kaplan–Meier and Nelson–Aalen estimates, summed over the
/// rows of one table as the rows are walked in time order.
/// </summary>
/// <remarks>
/// With n_j = Σ w over those at risk and d_j = Σ w over the events at t_j, the derivatives of log S(t) and H(t) with
/// respect to subject i's weight are, for a subject leaving at t_m (event: δ = 1),
/// <code>
/// ∂log S(t)/∂w_i = A(min(t, t_m)) − δ [t_m ≤ t] / (n_m − d_m),    A(t) = Σ_{t_j ≤ t} d_j / (n_j (n_j − d_j))
/// ∂H(t)/∂w_i     = −B(min(t, t_m)) + δ [t_m ≤ t] / n_m,           B(t) = Σ_{t_j ≤ t} d_j / n_j²
/// </code>
/// and Var = Σ_i w_i² (∂/∂w_i)² (Efron 1982; the infinitesimal jackknife of R's <c>survfit</c> with
/// <c>robust = TRUE</c>, its default when a weight is not whole). Subjects leaving at the same row the same way share
/// their derivative, so the sum needs only Σ w² of the events and of the censorings of each row, and of those still at
/// risk after t. Without delayed entry only: a late entrant's derivative also depends on its entry time.
/// </remarks>
internal sealed class InfinitesimalJackknife
{
    private readonly CaseWeightCounts _weights;
    private readonly double[] _squaresAfter;
    private double _a, _b, _leftLogSurvival, _leftHazard;

    public InfinitesimalJackknife(CaseWeightCounts weights)
    {
        _weights = weights;
        _squaresAfter = new double[weights.Events.Length];
        var after = 0.0;
        for (var row = _squaresAfter.Length - 1; row >= 0; row--)
        {
            _squaresAfter[row] = after;
            after += weights.EventSquares[row] + weights.CensoredSquares[row];
        }
    }

    /// <summary>Var log S at the last row added; +∞ once S has reached 0.</summary>
    public double LogSurvival { get; private set; }

    /// <summary>Var H at the last row added.</summary>
    public double CumulativeHazard { get; private set; }

    /// <summary>Moves on to row <paramref name="row"/>, the rows being added in increasing order.</summary>
    public void Add(int row)
    {
        double n = _weights.AtRisk[row], d = _weights.Events[row];
        double events = _weights.EventSquares[row], censored = _weights.CensoredSquares[row];
        if (d > 0)
        {
            _a = n > d ? _a + d / (n * (n - d)) : double.PositiveInfinity;
            _b += d / (n * n);
        }
        var eventDerivative = d > 0 ? _a - 1 / (n - d) : 0;
        _leftLogSurvival += censored * _a * _a + (events > 0 ? events * eventDerivative * eventDerivative : 0);
        _leftHazard += censored * _b * _b + (events > 0 ? events * (1 / n - _b) * (1 / n - _b) : 0);
        LogSurvival = _leftLogSurvival + _squaresAfter[row] * _a * _a;
        CumulativeHazard = _leftHazard + _squaresAfter[row] * _b * _b;
    }
}
