namespace Survival.Core;

/// <summary>
/// The rules every input to the estimators must meet, with the sentence that says what is allowed.
/// Estimators enforce them at their boundary; a transport layer may check them first to name the offending field.
/// </summary>
public static class InputRules
{
    /// <summary>What a survival time must be.</summary>
    public const string TimeRequirement = "must be a finite number ≥ 0";

    /// <summary>What a confidence level must be.</summary>
    public const string ConfidenceLevelRequirement = "must be strictly between 0 and 1 (0 means the default 0.95)";

    /// <summary>What a quantile probability must be.</summary>
    public const string ProbabilityRequirement = "must be strictly between 0 and 1";

    /// <summary>What a landmark time must be.</summary>
    public const string LandmarkTimeRequirement = "must be a finite number ≥ 0";

    /// <summary>What the RMST truncation time must be.</summary>
    public const string TauRequirement = "must be a finite number > 0";

    /// <summary>What an end date must be.</summary>
    public const string EndDateRequirement = "must not be before start_date";

    /// <summary>A survival time is finite and not negative.</summary>
    public static bool IsTime(double time) => double.IsFinite(time) && time >= 0;

    /// <summary>A confidence level lies in (0, 1).</summary>
    public static bool IsConfidenceLevel(double level) => level > 0 && level < 1;

    /// <summary>A quantile probability lies in (0, 1).</summary>
    public static bool IsProbability(double probability) => probability > 0 && probability < 1;

    /// <summary>A landmark time is finite and not negative.</summary>
    public static bool IsLandmarkTime(double time) => IsTime(time);

    /// <summary>The RMST truncation time is finite and positive.</summary>
    public static bool IsTau(double tau) => double.IsFinite(tau) && tau > 0;
}
