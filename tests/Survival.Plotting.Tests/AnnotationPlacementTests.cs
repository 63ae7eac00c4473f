using ScottPlot;

namespace Survival.Plotting.Tests;

public class AnnotationPlacementTests
{
    private static readonly Box Limits = new(0, 100, 0, 1);
    private static readonly PixelSize DataSize = new(500, 400);
    private static readonly PixelSize NoteSize = new(150, 40);

    [Fact]
    public void The_preferred_corner_wins_when_nothing_is_in_the_way()
    {
        // Act
        var corner = AnnotationPlacement.Choose(AnnotationPlacement.Preference(CurveKind.Survival), Limits, DataSize, NoteSize, 10, []);

        // Assert
        Assert.Equal(Alignment.LowerLeft, corner);
    }

    [Fact]
    public void A_curve_through_the_preferred_corner_moves_the_note_to_the_next_free_one()
    {
        // Arrange: a curve dropping steeply to 0.02 and running along the bottom.
        Coordinates[] line = [new(0, 1), new(5, 1), new(5, 0.02), new(100, 0.02)];

        // Act
        var corner = AnnotationPlacement.Choose(
            AnnotationPlacement.Preference(CurveKind.Survival), Limits, DataSize, NoteSize, 10, AnnotationPlacement.Segments(line).ToArray());

        // Assert
        Assert.Equal(Alignment.UpperRight, corner);
    }

    [Fact]
    public void Incidence_prefers_the_upper_left()
    {
        // Act
        var corner = AnnotationPlacement.Choose(AnnotationPlacement.Preference(CurveKind.CumulativeIncidence), Limits, DataSize, NoteSize, 10, []);

        // Assert
        Assert.Equal(Alignment.UpperLeft, corner);
    }
}
