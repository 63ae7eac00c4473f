using System.Reflection;
using Google.Protobuf.Reflection;

namespace Survival.Service.Validation;

/// <summary>An enum field must hold one of its declared values; the violation lists them by their proto names.</summary>
internal static class EnumRules
{
    public static void CheckDefined<TEnum>(TEnum value, string field, FieldViolations violations)
        where TEnum : struct, Enum
    {
        if (!Enum.IsDefined(value)) violations.Add(field, "must be one of " + string.Join(", ", ProtoNames<TEnum>()));
    }

    private static IEnumerable<string> ProtoNames<TEnum>() where TEnum : struct, Enum =>
        typeof(TEnum).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => f.GetCustomAttribute<OriginalNameAttribute>()?.Name ?? f.Name);
}
