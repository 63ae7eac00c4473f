namespace Survival.Service.Mapping;

/// <summary>
/// The path of one field of a cohort, such as <c>cohort.counts[1234].cause</c>, spelled only when a violation or a
/// note names it: a registry sends millions of valid subjects, and formatting a path for each would cost more than
/// counting it.
/// </summary>
/// <param name="Prefix">The repeated field, or the field itself when <paramref name="Index"/> is negative.</param>
/// <param name="Index">The position in the repeated field over the whole stream; negative for none.</param>
/// <param name="Suffix">The member of the element, with its leading dot; empty for the element itself.</param>
internal readonly record struct FieldPath(string Prefix, long Index = -1, string Suffix = "")
{
    public override string ToString() => Index < 0 ? Prefix + Suffix : $"{Prefix}[{Index}]{Suffix}";
}
