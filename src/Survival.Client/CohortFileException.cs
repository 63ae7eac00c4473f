namespace Survival.Client;

/// <summary>A table that cannot be read as a cohort, with the line (1-based, counting the header) and column at fault.</summary>
public sealed class CohortFileException(string message, int line = 0, string? column = null) : Exception(message)
{
    /// <summary>The line of the file, 1 being the header; 0 when the whole file is at fault.</summary>
    public int Line { get; } = line;

    /// <summary>The column at fault, if one is.</summary>
    public string? Column { get; } = column;
}
