namespace Survival.Client;

/// <summary>A database or file whose subjects cannot all be counted: a time, date or event that cannot be read, or no subject.</summary>
public sealed class CohortSourceException(string message) : Exception(message);
