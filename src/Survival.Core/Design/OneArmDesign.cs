namespace Survival.Core.Design;

/// <summary>
/// One arm against a historical control by the one-sample log-rank test: the null curve is the control's Weibull
/// S₀(t) = exp(−log 2 · (t/m₀)^k) (k = 1: exponential), the arm's hazard is δ times its hazard, patients enter uniformly
/// over the accrual period and are followed at least <see cref="FollowUp"/> after the last one enters.
/// </summary>
public sealed record OneArmDesign
{
    /// <exception cref="InputRuleException">A median, shape, accrual or hazard ratio out of range, or a negative follow-up.</exception>
    public OneArmDesign(double nullMedian, double hazardRatio, double accrual, double followUp)
    {
        if (!InputRules.IsRate(nullMedian)) throw new InputRuleException("median", InputRules.MedianRequirement);
        if (!InputRules.IsHazardRatio(hazardRatio)) throw new InputRuleException("hazard_ratio", InputRules.HazardRatioRequirement);
        if (!InputRules.IsRate(accrual)) throw new InputRuleException("accrual_ends", InputRules.AccrualRequirement);
        if (!InputRules.IsTime(followUp)) throw new InputRuleException("follow_up", InputRules.FollowUpRequirement);
        NullMedian = nullMedian;
        HazardRatio = hazardRatio;
        Accrual = accrual;
        FollowUp = followUp;
    }

    /// <summary>m₀: the historical control's median.</summary>
    public double NullMedian { get; }

    /// <summary>k: the Weibull shape of the null curve.</summary>
    public double Shape
    {
        get;
        init => field = InputRules.IsRate(value) ? value : throw new InputRuleException("shape", InputRules.ShapeRequirement);
    } = 1;

    /// <summary>δ: the arm's hazard over the null hazard.</summary>
    public double HazardRatio { get; }

    /// <summary>t_a: uniform accrual over (0, t_a].</summary>
    public double Accrual { get; }

    /// <summary>t_f.</summary>
    public double FollowUp { get; }

    /// <summary>One-sided α of the test in the direction of δ (two sides: α/2 on that side).</summary>
    public Significance Significance { get; init; } = new(0.05, 1);
}
