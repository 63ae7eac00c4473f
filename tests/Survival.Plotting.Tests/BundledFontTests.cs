using ScottPlot;
using SkiaSharp;

namespace Survival.Plotting.Tests;

public class BundledFontTests
{
    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void ScottPlot_resolves_the_bundled_name_to_dejavu_sans_in_each_style(bool bold, bool italic)
    {
        // Arrange
        BundledFont.EnsureRegistered();

        // Act
        var typeface = Fonts.GetTypeface(BundledFont.Name, bold, italic);

        // Assert
        Assert.Equal("DejaVu Sans", typeface.FamilyName);
        Assert.Equal(bold, typeface.FontStyle.Weight >= (int)SKFontStyleWeight.Bold);
        Assert.Equal(italic, typeface.FontStyle.Slant != SKFontStyleSlant.Upright);
    }

    [Fact]
    public void Every_character_the_plots_print_has_a_glyph()
    {
        // Arrange: dashes, the ≥ of the docs, and the characters of the annotations and labels.
        BundledFont.EnsureRegistered();
        var typeface = Fonts.GetTypeface(BundledFont.Name, false, false);
        const string text = "Log-rank p < 0.0001 HR 0.55 (95% CI 0.40–0.76) Illustrative data — not patient-level ≥ n = 7 ×";

        // Act
        var glyphs = typeface.GetGlyphs(text);

        // Assert
        Assert.DoesNotContain((ushort)0, glyphs);
    }
}
