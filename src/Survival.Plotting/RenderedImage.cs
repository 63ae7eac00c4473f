namespace Survival.Plotting;

/// <summary>An encoded image.</summary>
/// <param name="Bytes">The file's bytes (UTF-8 text for SVG).</param>
/// <param name="ContentType">Its media type: <c>image/png</c> or <c>image/svg+xml</c>.</param>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
public sealed record RenderedImage(ReadOnlyMemory<byte> Bytes, string ContentType, int Width, int Height);
