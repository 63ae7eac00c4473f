namespace Survival.Core.Design;

/// <summary>The moments and the sample size of a one-arm design (<see cref="OneSampleLogRankPlan"/>).</summary>
public sealed record OneArmPlanResult
{
    /// <summary>p₀ = σ₀² = ∫ G S₀^δ dΛ₀: the null-expected events per patient.</summary>
    public required double P0 { get; init; }

    /// <summary>p₁ = δ p₀: the probability that a patient's event is observed.</summary>
    public required double P1 { get; init; }

    /// <summary>p₀₀ = ∫ G S₀^δ Λ₀ dΛ₀.</summary>
    public required double P00 { get; init; }

    /// <summary>p₀₁ = δ p₀₀.</summary>
    public required double P01 { get; init; }

    /// <summary>ω = p₁ − p₀: the mean of (O − E)/√n per patient.</summary>
    public required double Omega { get; init; }

    /// <summary>σ: the standard deviation of (O − E)/√n under the alternative.</summary>
    public required double Sigma { get; init; }

    /// <summary>n (unrounded) for the power; absent when the power was asked for given patients.</summary>
    public required double Patients { get; init; }

    /// <summary>The power at <see cref="Patients"/>, or at the patients rounded up after a sample size.</summary>
    public required double Power { get; init; }

    /// <summary>The patients rounded up.</summary>
    public long PatientsRequired => (long)Math.Ceiling(Patients - 1e-9 * Math.Max(1, Patients));

    /// <summary>The events expected under the alternative from the whole patients: n p₁.</summary>
    public double ExpectedEvents => PatientsRequired * P1;

    /// <summary>The events the null curve expects from them: n p₀.</summary>
    public double NullExpectedEvents => PatientsRequired * P0;
}
