using Survival.DocImages;
using Survival.Plotting;

// Usage: Survival.DocImages <output directory>. Writes one PNG per figure and an SVG of the first two-group figure.
var output = args.Length > 0 ? args[0] : Path.Combine("docs", "images");
Directory.CreateDirectory(output);
foreach (var figure in DocFigures.All())
{
    Write(figure, figure.Options, ".png");
    if (figure.Name == "lung_sex") Write(figure, figure.Options with { Format = PlotImageFormat.Svg }, ".svg");
}

void Write(DocFigure figure, PlotOptions options, string extension)
{
    var image = SurvivalPlotRenderer.Render(figure.Series, options, figure.Annotations);
    var path = Path.Combine(output, figure.Name + extension);
    File.WriteAllBytes(path, image.Bytes.Span);
    Console.WriteLine($"{path} ({image.Width}×{image.Height})");
}
