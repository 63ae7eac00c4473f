using Survival.Core.Regression;

namespace Survival.Core.Tests;

/// <summary>Groups are ordered as R's factor() orders them (R 4.2.2: sort(c(...)) under ICU collation).</summary>
public class FactorTests
{
    [Fact]
    public void Levels_follow_R_string_order()
    {
        // Arrange: R prints sort(c("control","Treatment","b","B","a","10","2")) as below.
        string[] labels = ["control", "Treatment", "b", "B", "a", "10", "2"];

        // Act
        var factor = Factor.Create(labels);

        // Assert
        Assert.Equal(["10", "2", "a", "b", "B", "control", "Treatment"], factor.Levels.ToArray());
        Assert.Equal(labels, factor.Codes.Select(c => factor.Levels[c]));
    }

    [Fact]
    public void Indices_by_level_keep_subject_order()
    {
        // Act
        var indices = Factor.Create(["y", "x", "y", "x"]).IndicesByLevel();

        // Assert
        Assert.Equal([1, 3], indices[0]);
        Assert.Equal([0, 2], indices[1]);
    }
}
