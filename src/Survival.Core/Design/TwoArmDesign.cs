namespace Survival.Core.Design;

/// <summary>A randomised comparison of a treatment arm with a control arm by the log-rank test, under proportional hazards.</summary>
public sealed record TwoArmDesign
{
    /// <summary>The design of <paramref name="control"/> survival and a treatment with hazard ratio <paramref name="hazardRatio"/>, entering by <paramref name="accrual"/>.</summary>
    /// <exception cref="InputRuleException">A hazard ratio that is not finite, > 0 and ≠ 1.</exception>
    public TwoArmDesign(PiecewiseExponential control, double hazardRatio, AccrualPattern accrual)
    {
        ArgumentNullException.ThrowIfNull(control);
        ArgumentNullException.ThrowIfNull(accrual);
        if (!InputRules.IsHazardRatio(hazardRatio)) throw new InputRuleException("hazard_ratio", InputRules.HazardRatioRequirement);
        Control = control;
        HazardRatio = hazardRatio;
        Accrual = accrual;
    }

    /// <summary>The control arm's survival.</summary>
    public PiecewiseExponential Control { get; }

    /// <summary>Δ = λ_treatment / λ_control.</summary>
    public double HazardRatio { get; }

    /// <summary>When patients enter.</summary>
    public AccrualPattern Accrual { get; }

    /// <summary>r: patients on treatment per patient on control.</summary>
    public double AllocationRatio
    {
        get;
        init => field = InputRules.IsRate(value) ? value : throw new InputRuleException("allocation_ratio", InputRules.AllocationRequirement);
    } = 1;

    /// <summary>Loss to follow-up in each arm; none by default.</summary>
    public Dropout Dropout { get; init; } = Dropout.None;

    /// <summary>α and sides; 0.025 one-sided by default, as rpact.</summary>
    public Significance Significance { get; init; } = Significance.Default;

    /// <summary>Schoenfeld by default, as rpact.</summary>
    public EventsFormula Formula { get; init; } = EventsFormula.Schoenfeld;

    /// <summary>The treatment arm's curve: the control's hazards times Δ.</summary>
    public PiecewiseExponential Treatment => Control.Scaled(HazardRatio);
}
