namespace Survival.Core.External;

/// <summary>The one-sample log-rank test of one group against a reference curve; values are null where not estimable.</summary>
public sealed record OneSampleLogRankResult
{
    /// <summary>The group's label.</summary>
    public required string Group { get; init; }

    /// <summary>Subjects in the group.</summary>
    public required int Subjects { get; init; }

    /// <summary>O, the observed events.</summary>
    public required int Observed { get; init; }

    /// <summary>E = Σ_i Λ₀(t_i) − Λ₀(entry_i), the events expected under the reference.</summary>
    public required double Expected { get; init; }

    /// <summary>The variance used for Z.</summary>
    public required OneSampleVariance VarianceMethod { get; init; }

    /// <summary>O/E, the standardised event ratio; null when E = 0.</summary>
    public double? Ratio { get; init; }

    /// <summary>The exact (Garwood) Poisson interval of O/E: χ²_{α/2}(2O)/(2E) and χ²_{1−α/2}(2O + 2)/(2E).</summary>
    public double? Lower { get; init; }

    /// <summary>The upper end of the exact interval of O/E.</summary>
    public double? Upper { get; init; }

    /// <summary>Z = (O − E)/√V: positive when there are more events than the reference predicts.</summary>
    public double? Z { get; init; }

    /// <summary>The two-sided p-value 2Φ(−|Z|).</summary>
    public double? PValue { get; init; }

    /// <summary>The one-sided p-value Φ(Z) against fewer events than expected (the cohort doing better than the reference).</summary>
    public double? PValueFewer { get; init; }

    /// <summary>The two-sided exact Poisson p-value of O given mean E, as R's <c>poisson.test(O, E)</c>; null when E exceeds 2⁵⁰.</summary>
    public double? ExactPValue { get; init; }

    /// <summary>Subjects followed past the reference's last data point, whose expected events rest on its extrapolation.</summary>
    public int BeyondReference { get; init; }

    /// <summary>Why the test is not estimable; null when it is.</summary>
    public string? NotEstimableReason { get; init; }
}
