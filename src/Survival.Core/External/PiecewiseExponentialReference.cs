using System.Collections.Immutable;
using Survival.Core.Curves;

namespace Survival.Core.External;

/// <summary>
/// A reference given as points (t_k, S_k) of its curve, a digitised or rebuilt published curve: piecewise exponential,
/// the cumulative hazard linear between the points.
/// </summary>
/// <remarks>
/// Λ₀(t) = Λ_k + (t − t_k)(Λ_{k+1} − Λ_k)/(t_{k+1} − t_k) on [t_k, t_{k+1}], Λ_k = −ln S_k: a constant hazard between
/// consecutive points, so S₀ falls exponentially from one point to the next. Past the last point the last piece's
/// hazard continues (<see cref="IReferenceCurve.LastTime"/> marks where the data end).
/// </remarks>
public sealed record PiecewiseExponentialReference : IReferenceCurve
{
    private readonly double[] _times;
    private readonly double[] _hazards;

    /// <summary>The reference through the points; (0, 1) is added when the first point is later than 0.</summary>
    /// <exception cref="InputRuleException">Fewer than one point after 0, or the points are not a survival function (times increasing from 0, survival from 1 down, never rising, above 0).</exception>
    public PiecewiseExponentialReference(IReadOnlyList<double> times, IReadOnlyList<double> survival)
    {
        ArgumentNullException.ThrowIfNull(times);
        ArgumentNullException.ThrowIfNull(survival);
        if (times.Count != survival.Count) throw new InputRuleException("survival", $"must have one value per time: it has {survival.Count} for {times.Count} times");
        var origin = times.Count == 0 || times[0] > 0;
        var n = times.Count + (origin ? 1 : 0);
        if (n < 2) throw new InputRuleException("points", "must hold at least one point after time 0");
        _times = new double[n];
        _hazards = new double[n];
        var offset = origin ? 1 : 0;
        for (var i = 0; i < times.Count; i++)
        {
            var (t, s) = (times[i], survival[i]);
            var previous = i + offset - 1;
            if (!InputRules.IsTime(t) || (previous >= 0 && t <= _times[previous]))
                throw new InputRuleException($"points[{i}].time", "must be ≥ 0 and later than the point before: " + ReferenceRules.SurvivalFunctionRequirement);
            if (!(s > 0 && s <= 1) || (t == 0 && s != 1) || (previous >= 0 && -Math.Log(s) < _hazards[previous]))
                throw new InputRuleException($"points[{i}].survival", ReferenceRules.SurvivalFunctionRequirement);
            (_times[i + offset], _hazards[i + offset]) = (t, -Math.Log(s));
        }
        Times = [.. _times];
        Survival = [.. _hazards.Select(h => Math.Exp(-h))];
    }

    /// <summary>The points' times, from 0.</summary>
    public ImmutableArray<double> Times { get; }

    /// <summary>The points' survival, from 1.</summary>
    public ImmutableArray<double> Survival { get; }

    /// <inheritdoc />
    public double? LastTime => _times[^1];

    /// <summary>
    /// The reference through a Kaplan–Meier curve: its value at each event time and at its last time, the jumps spread
    /// over the time since the previous point. A final value of 0 (the last patient's death) is left out, since no
    /// hazard is finite there; the curve before it continues past it.
    /// </summary>
    /// <exception cref="InputRuleException">The curve has no event before it reaches 0 and no time after 0.</exception>
    public static PiecewiseExponentialReference FromCurve(KaplanMeierCurve curve)
    {
        ArgumentNullException.ThrowIfNull(curve);
        var (times, survival) = (new List<double>(), new List<double>());
        for (var row = 0; row < curve.Times.Length; row++)
        {
            var last = row == curve.Times.Length - 1;
            if ((curve.Events[row] == 0 && !last) || curve.Survival[row] <= 0 || curve.Times[row] <= 0) continue;
            times.Add(curve.Times[row]);
            survival.Add(curve.Survival[row]);
        }
        return new PiecewiseExponentialReference(times, survival);
    }

    /// <inheritdoc />
    public double CumulativeHazard(double time)
    {
        if (time <= 0) return 0;
        var index = Array.BinarySearch(_times, time);
        var k = index >= 0 ? index : Math.Min(~index - 1, _times.Length - 2);
        if (index >= 0) return _hazards[k];
        return _hazards[k] + (time - _times[k]) * (_hazards[k + 1] - _hazards[k]) / (_times[k + 1] - _times[k]);
    }
}
