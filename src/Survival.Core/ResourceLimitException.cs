namespace Survival.Core;

/// <summary>
/// A computation would need more memory than its caller allows: thrown before the work starts, so that a transport
/// layer can answer RESOURCE_EXHAUSTED at once rather than compute for minutes.
/// </summary>
public sealed class ResourceLimitException : Exception
{
    /// <summary>Creates the exception for the option <paramref name="input"/> that asked for the computation.</summary>
    /// <param name="input">The option that asked for it.</param>
    /// <param name="neededBytes">What it would need.</param>
    /// <param name="limitBytes">What it may use.</param>
    /// <param name="instead">What to ask for instead.</param>
    /// <param name="limitName">What the limit is, for the message (for example the server's memory budget for one call).</param>
    public ResourceLimitException(string input, long neededBytes, long limitBytes, string instead, string limitName = "the limit")
        : base($"{input}: the computation needs about {Mebibytes(neededBytes)} MiB, more than {limitName} of {Mebibytes(limitBytes)} MiB; {instead}")
    {
        Input = input;
        NeededBytes = neededBytes;
        LimitBytes = limitBytes;
    }

    /// <summary>The option that asked for the computation.</summary>
    public string Input { get; }

    /// <summary>The memory the computation would need.</summary>
    public long NeededBytes { get; }

    /// <summary>The memory it may use.</summary>
    public long LimitBytes { get; }

    private static long Mebibytes(long bytes) => bytes >= long.MaxValue / 2 ? long.MaxValue >> 20 : (bytes + (1L << 20) - 1) >> 20;
}
