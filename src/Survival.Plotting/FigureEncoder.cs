using System.Text;
using ScottPlot;
using SkiaSharp;

namespace Survival.Plotting;

/// <summary>Encodes a composed ScottPlot figure as PNG or SVG, byte-identical for the same figure.</summary>
internal static class FigureEncoder
{
    // Skia's default PNG settings try every row filter, which took most of a small figure's render time; the "up"
    // filter alone suits flat-coloured plots and costs a few percent in file size for a third of the time.
    private static readonly SKPngEncoderOptions PngEncoding = new(SKPngEncoderFilterFlags.Up, zLibLevel: 6);

    public static RenderedImage Encode(Plot plot, int width, int height, PlotImageFormat format) => format switch
    {
        PlotImageFormat.Png => new RenderedImage(EncodePng(plot, width, height), "image/png", width, height),
        PlotImageFormat.Svg => new RenderedImage(Encoding.UTF8.GetBytes(SvgIds.Renumber(plot.GetSvgXml(width, height))), "image/svg+xml", width, height),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "unknown image format"),
    };

    private static byte[] EncodePng(Plot plot, int width, int height)
    {
        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul))
            ?? throw new InvalidOperationException($"Skia could not create a {width}×{height} surface");
        plot.Render(surface.Canvas, width, height);
        using var pixels = surface.PeekPixels();
        using var png = pixels.Encode(PngEncoding) ?? throw new InvalidOperationException("Skia could not encode the figure as PNG");
        return png.ToArray();
    }
}
