using Survival.V1;

namespace Survival.Client;

/// <summary>Saving rendered survival plots.</summary>
public static class SurvivalImage
{
    /// <summary>The file extension for the image format a path names: <see cref="ImageFormat.Svg"/> for .svg, PNG otherwise.</summary>
    public static ImageFormat FormatFor(string path) =>
        Path.GetExtension(path).Equals(".svg", StringComparison.OrdinalIgnoreCase) ? ImageFormat.Svg : ImageFormat.Png;

    /// <summary>Writes the image to <paramref name="path"/>.</summary>
    /// <exception cref="ArgumentException">The image's format does not match the path's extension.</exception>
    public static void Save(RenderSurvivalPlotResponse plot, string path)
    {
        ArgumentNullException.ThrowIfNull(plot);
        var expected = FormatFor(path) == ImageFormat.Svg ? "image/svg+xml" : "image/png";
        if (plot.ContentType != expected)
            throw new ArgumentException($"the image is {plot.ContentType} but {path} asks for {expected}", nameof(path));
        File.WriteAllBytes(path, plot.Image.ToByteArray());
    }
}
