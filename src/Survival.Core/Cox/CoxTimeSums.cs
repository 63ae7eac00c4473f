namespace Survival.Core.Cox;

/// <summary>Whom a group of <see cref="CoxTimeSums"/> sums: those censored or with an event at its time, or those entering then.</summary>
public enum CoxSumsRole
{
    /// <summary>Rows whose time is the group's time, censored there: they leave the risk set after it.</summary>
    Censored = 0,

    /// <summary>Rows with an event at the group's time.</summary>
    Event = 1,

    /// <summary>Rows whose (delayed) entry is the group's time: at risk only after it.</summary>
    Entry = 2,
}

/// <summary>
/// The Cox partial likelihood's data at one β, as a remote source sums it: per stratum, distinct time and role, the
/// number of rows and the sums of w, w·x, r = w·exp(η), r·x and the upper triangle of r·xx'. Groups may repeat (the
/// partial sums of several partitions are added), in any order.
/// </summary>
/// <remarks>
/// η = (x − x̄)'β with the centring x̄ the service sends, and x centred the same way in every sum. Each group's numbers
/// are row-major in <see cref="Sums"/>, <see cref="SumWidth"/> per group:
/// <code>
/// Σw, Σw·x₁ … Σw·x_p, Σr, Σr·x₁ … Σr·x_p, Σr·x₁x₁, Σr·x₁x₂ … Σr·x₁x_p, Σr·x₂x₂ … Σr·x_px_p
/// </code>
/// From these, an event time's risk set sums (S₀, S₁, S₂) are the Censored and Event groups at or after it less the
/// Entry groups at or after it, and its events' sums (D₀, D₁, D₂, Σ_D w, Σ_D w·x, d) are its Event group's
/// (see <see cref="CoxTimeSumsLikelihood"/>). Nothing about a single row is in them.
/// </remarks>
public sealed class CoxTimeSums
{
    /// <summary>Checks the shape of the groups; the arrays are kept, not copied.</summary>
    /// <param name="width">p, the number of design columns.</param>
    /// <param name="strata">The number of strata; each group's stratum is below it.</param>
    /// <param name="stratum">Each group's stratum index.</param>
    /// <param name="time">Each group's time (an entry time for <see cref="CoxSumsRole.Entry"/>).</param>
    /// <param name="role">Each group's role.</param>
    /// <param name="count">Each group's number of rows, ≥ 1.</param>
    /// <param name="sums">The groups' sums, <see cref="SumWidth"/>(<paramref name="width"/>) per group.</param>
    /// <exception cref="InputRuleException">Arrays of different lengths, a stratum out of range, an unknown role, a count below 1, or a time or sum that is not finite.</exception>
    public CoxTimeSums(int width, int strata, int[] stratum, double[] time, CoxSumsRole[] role, long[] count, double[] sums)
    {
        ArgumentNullException.ThrowIfNull(stratum);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(role);
        ArgumentNullException.ThrowIfNull(count);
        ArgumentNullException.ThrowIfNull(sums);
        var groups = stratum.Length;
        if (time.Length != groups || role.Length != groups || count.Length != groups)
            throw new InputRuleException("time", $"must have one value per group, as stratum has ({groups}); time has {time.Length}, role {role.Length}, count {count.Length}");
        if (sums.LongLength != (long)groups * SumWidth(width))
            throw new InputRuleException("sums", $"must have {SumWidth(width)} values per group for {width} design columns ({groups * (long)SumWidth(width)}); it has {sums.Length}");
        for (var g = 0; g < groups; g++)
        {
            if ((uint)stratum[g] >= (uint)strata) throw new InputRuleException($"stratum[{g}]", $"must be a stratum index below {strata}");
            if (!Enum.IsDefined(role[g])) throw new InputRuleException($"role[{g}]", "must be censored, event or entry");
            if (count[g] < 1) throw new InputRuleException($"count[{g}]", "must be at least 1");
            if (!double.IsFinite(time[g])) throw new InputRuleException($"time[{g}]", "must be finite");
        }
        for (var k = 0; k < sums.Length; k++)
            if (!double.IsFinite(sums[k])) throw new InputRuleException($"sums[{k}]", "must be finite (exp(η) overflowed, or a value was missing)");
        (Width, Strata, Stratum, Time, Role, GroupCount, Sums) = (width, strata, stratum, time, role, count, sums);
    }

    /// <summary>2 + 2p + p(p + 1)/2: the sums per group for p design columns.</summary>
    public static int SumWidth(int width) => 2 + 2 * width + width * (width + 1) / 2;

    /// <summary>p, the number of design columns.</summary>
    public int Width { get; }

    /// <summary>The number of strata.</summary>
    public int Strata { get; }

    /// <summary>The number of groups.</summary>
    public int Count => Stratum.Length;

    internal int[] Stratum { get; }

    internal double[] Time { get; }

    internal CoxSumsRole[] Role { get; }

    internal long[] GroupCount { get; }

    internal double[] Sums { get; }

    /// <summary>The rows the groups stand for (Censored and Event groups); a source must give the same number at every β.</summary>
    public long RowCount
    {
        get
        {
            long rows = 0;
            for (var g = 0; g < Count; g++) if (Role[g] != CoxSumsRole.Entry) rows += GroupCount[g];
            return rows;
        }
    }
}
