namespace Survival.Core.IntervalCensoring;

/// <summary>
/// The log-likelihood of masses p on Turnbull's intervals and its gradient, each in one pass over the observations
/// and one over the intervals: row i, with weight w_i, contains intervals First[i]..Last[i], so its probability
/// P_i = Σ_{j=First[i]}^{Last[i]} p_j is a difference of cumulative sums, and the gradient's sums over the rows containing
/// each interval are a prefix sum of a difference array.
/// </summary>
/// <remarks>
/// <code>
/// ℓ(p)  = Σ_i w_i log P_i
/// d_j   = ∂/∂p_j [ℓ(p) − N Σ_k p_k] = Σ_{i: First_i ≤ j ≤ Last_i} w_i / P_i − N,     N = Σ_i w_i
/// </code>
/// d is the gradient of the Lagrangian of the constraint Σ p = 1; p is the NPMLE exactly when d_j ≤ 0 for every j and
/// d_j = 0 wherever p_j &gt; 0 (the Kuhn–Tucker conditions; Gentleman &amp; Geyer 1994), and p_j (d_j + N)/N = p_j is
/// Turnbull's self-consistency equation.
/// </remarks>
internal sealed class TurnbullLikelihood
{
    private readonly int[] _first;
    private readonly int[] _last;
    private readonly double[] _cumulative;

    public TurnbullLikelihood(TurnbullIntervals intervals, double[] weights)
    {
        _first = intervals.First;
        _last = intervals.Last;
        Weights = weights;
        IntervalCount = intervals.Count;
        foreach (var w in weights) Total += w;
        _cumulative = new double[IntervalCount + 1];
    }

    /// <summary>w_i of each row.</summary>
    public double[] Weights { get; }

    /// <summary>N = Σ w_i.</summary>
    public double Total { get; }

    /// <summary>m, the number of Turnbull intervals.</summary>
    public int IntervalCount { get; }

    /// <summary>The rows' first contained interval.</summary>
    public int[] First => _first;

    /// <summary>The rows' last contained interval.</summary>
    public int[] Last => _last;

    /// <summary>P_i of every row under masses <paramref name="p"/>, into <paramref name="probabilities"/>; returns ℓ(p).</summary>
    public double Evaluate(ReadOnlySpan<double> p, double[] probabilities)
    {
        var sum = 0.0;
        for (var j = 0; j < IntervalCount; j++)
        {
            _cumulative[j] = sum;
            sum += p[j];
        }
        _cumulative[IntervalCount] = sum;
        var logLikelihood = 0.0;
        for (var i = 0; i < _first.Length; i++)
        {
            var probability = _cumulative[_last[i] + 1] - _cumulative[_first[i]];
            probabilities[i] = probability;
            if (Weights[i] > 0) logLikelihood += Weights[i] * Math.Log(probability);
        }
        return logLikelihood;
    }

    /// <summary>d_j for every interval, given the rows' P_i.</summary>
    public void Gradient(double[] probabilities, double[] gradient)
    {
        Array.Clear(gradient);
        var difference = _cumulative;
        Array.Clear(difference);
        for (var i = 0; i < _first.Length; i++)
        {
            if (Weights[i] == 0) continue;
            var share = Weights[i] / probabilities[i];
            difference[_first[i]] += share;
            difference[_last[i] + 1] -= share;
        }
        var running = 0.0;
        for (var j = 0; j < IntervalCount; j++)
        {
            running += difference[j];
            gradient[j] = running - Total;
        }
    }
}
