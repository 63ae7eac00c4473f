using ScottPlot;
using SkiaSharp;

namespace Survival.Plotting;

/// <summary>
/// DejaVu Sans, embedded in this assembly and registered with ScottPlot, so that text is drawn with the same glyphs
/// and metrics on a developer's machine and in a container without any system font.
/// </summary>
internal static class BundledFont
{
    /// <summary>
    /// The name plots ask ScottPlot for. Deliberately not "DejaVu Sans": a system font of that name, or a typeface
    /// another part of the process already cached under it, must never answer instead of the bundled files.
    /// </summary>
    public const string Name = "Survival.Plotting/DejaVu Sans";

    private static readonly SKTypeface Regular = Load("DejaVuSans.ttf");
    private static readonly SKTypeface Bold = Load("DejaVuSans-Bold.ttf");
    private static readonly SKTypeface Oblique = Load("DejaVuSans-Oblique.ttf");

    // ScottPlot asks its resolvers in order and its system resolver falls back to some installed font for any
    // name, so ours goes first. The static constructor runs once, before any plot of ours is composed.
    static BundledFont() => ScottPlot.Fonts.FontResolvers.Insert(0, new Resolver());

    /// <summary>Registers the font with ScottPlot, once per process.</summary>
    public static void EnsureRegistered()
    {
        // Touching the class is enough: the static constructor does the work.
    }

    private static SKTypeface Load(string fileName)
    {
        var resource = $"Survival.Plotting.Fonts.{fileName}";
        using var stream = typeof(BundledFont).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"the embedded font {resource} is missing from the assembly");
        // SKData copies the bytes, so the typeface owns its data and outlives the resource stream.
        using var data = SKData.Create(stream);
        return SKTypeface.FromData(data)
            ?? throw new InvalidOperationException($"the embedded font {resource} could not be read");
    }

    private sealed class Resolver : IFontResolver
    {
        public SKTypeface? CreateTypeface(string fontName, FontWeight weight, FontSlant slant, FontSpacing spacing)
        {
            if (fontName != Name) return null;
            if (weight >= FontWeight.SemiBold) return Bold;
            return slant == FontSlant.Upright ? Regular : Oblique;
        }

        public SKTypeface? CreateTypeface(string fontName, bool bold, bool italic) => CreateTypeface(
            fontName, bold ? FontWeight.Bold : FontWeight.Normal, italic ? FontSlant.Italic : FontSlant.Upright, FontSpacing.Normal);
    }
}
