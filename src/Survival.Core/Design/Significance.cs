using MathNet.Numerics.Distributions;

namespace Survival.Core.Design;

/// <summary>The type I error of a planned test: α and one or two sides.</summary>
public sealed record Significance
{
    /// <summary>α for a test of <paramref name="sides"/> sides.</summary>
    /// <exception cref="InputRuleException">α outside (0, 1) or sides other than 1 and 2.</exception>
    public Significance(double alpha, int sides)
    {
        if (!InputRules.IsProbability(alpha)) throw new InputRuleException("alpha", InputRules.ProbabilityRequirement);
        if (sides is not (1 or 2)) throw new InputRuleException("sided", InputRules.SidesRequirement);
        Alpha = alpha;
        Sides = sides;
    }

    /// <summary>rpact's default: 0.025, one-sided.</summary>
    public static Significance Default { get; } = new(0.025, 1);

    /// <summary>α: the total type I error.</summary>
    public double Alpha { get; }

    /// <summary>1 or 2.</summary>
    public int Sides { get; }

    /// <summary>z_{α/s} = Φ⁻¹(1 − α/s).</summary>
    public double CriticalValue => -Normal.InvCDF(0, 1, Alpha / Sides);
}
