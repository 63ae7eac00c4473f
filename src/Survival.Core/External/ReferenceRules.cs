namespace Survival.Core.External;

/// <summary>The rules of reference curves' parameters, each stated once.</summary>
public static class ReferenceRules
{
    /// <summary>What a rate, scale, shape or median must be.</summary>
    public const string PositiveRequirement = "must be a finite number > 0";

    /// <summary>What a reference curve's points must be.</summary>
    public const string SurvivalFunctionRequirement =
        "must describe a survival function: times increasing from 0, survival starting at 1, never rising and above 0";

    internal static void CheckPositive(double value, string input)
    {
        if (!(double.IsFinite(value) && value > 0)) throw new InputRuleException(input, PositiveRequirement);
    }
}
