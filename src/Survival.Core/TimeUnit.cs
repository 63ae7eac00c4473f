namespace Survival.Core;

/// <summary>The unit in which follow-up times computed from dates are expressed.</summary>
public enum TimeUnit
{
    /// <summary>Days.</summary>
    Days,

    /// <summary>Weeks of 7 days.</summary>
    Weeks,

    /// <summary>Months of 30.4375 days (365.25 / 12), the convention of clinical reporting.</summary>
    Months,

    /// <summary>Years of 365.25 days.</summary>
    Years,
}
