using ScottPlot;
using SkiaSharp;

namespace Survival.Plotting.Tests;

/// <summary>A decoded PNG and questions about its pixels.</summary>
internal sealed class PngImage : IDisposable
{
    private static readonly byte[] Signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private readonly SKBitmap bitmap;

    public PngImage(byte[] bytes)
    {
        Assert.True(bytes.AsSpan().StartsWith(Signature), "the bytes do not start with the PNG signature");
        bitmap = SKBitmap.Decode(bytes) ?? throw new InvalidOperationException("not a decodable PNG");
    }

    public int Width => bitmap.Width;

    public int Height => bitmap.Height;

    public SKColor this[int x, int y] => bitmap.GetPixel(x, y);

    /// <summary>Pixels in the rectangle that are not (nearly) white.</summary>
    public int InkIn(PixelRect area) => Pixels(area).Count(c => c.Red < 230 || c.Green < 230 || c.Blue < 230);

    /// <summary>Pixels in the whole image within <paramref name="tolerance"/> of <paramref name="color"/> on every channel.</summary>
    public int CountNear(SKColor color, int tolerance = 12) => Pixels(new PixelRect(0, Width, Height, 0)).Count(c =>
        Math.Abs(c.Red - color.Red) <= tolerance && Math.Abs(c.Green - color.Green) <= tolerance && Math.Abs(c.Blue - color.Blue) <= tolerance);

    private IEnumerable<SKColor> Pixels(PixelRect area)
    {
        for (var y = (int)Math.Max(0, area.Top); y < (int)Math.Min(Height, area.Bottom); y++)
            for (var x = (int)Math.Max(0, area.Left); x < (int)Math.Min(Width, area.Right); x++)
                yield return bitmap.GetPixel(x, y);
    }

    public void Dispose() => bitmap.Dispose();
}
