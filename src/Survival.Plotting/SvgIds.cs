using System.Text.RegularExpressions;

namespace Survival.Plotting;

/// <summary>
/// Skia's SVG writer numbers clip paths (and other definitions) from a counter shared by the whole process, so the
/// same figure would get different ids each time. Renumbering them in document order makes the SVG depend on the
/// figure alone.
/// </summary>
internal static partial class SvgIds
{
    /// <summary>The SVG with every generated id, and every reference to it, numbered from 1 in order of appearance.</summary>
    public static string Renumber(string svg)
    {
        var numbers = new Dictionary<string, int>(StringComparer.Ordinal);
        var perPrefix = new Dictionary<string, int>(StringComparer.Ordinal);
        return GeneratedId().Replace(svg, match =>
        {
            var prefix = match.Groups["prefix"].Value;
            if (!numbers.TryGetValue(match.Value, out var number))
            {
                number = perPrefix[prefix] = perPrefix.GetValueOrDefault(prefix) + 1;
                numbers[match.Value] = number;
            }
            return prefix + number;
        });
    }

    // An id Skia made up: letters, an underscore and a hexadecimal number, where it is defined (id="…") or used (url(#…)).
    [GeneratedRegex("""(?<=id="|url\(#)(?<prefix>[A-Za-z]+_)[0-9A-Fa-f]+(?=[")])""")]
    private static partial Regex GeneratedId();
}
