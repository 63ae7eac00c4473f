namespace Survival.Client.Tests;

/// <summary>Reading a count table saved from a query run elsewhere.</summary>
public class CountTableFileTests
{
    private static async Task<string> FileWith(string text)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory().FullName, "counts.csv");
        await File.WriteAllTextAsync(path, text);
        return path;
    }

    [Fact]
    public async Task Rows_are_read_with_their_lines()
    {
        // Arrange
        var path = await FileWith("group,stratum,time,events,censored\na,,5,2,1\n\nb,x,7.5,0,3\n");
        var lines = new List<int>();

        // Act
        var cohort = CountTableFile.Read(path, "months", lines);

        // Assert
        Assert.Equal("months", cohort.TimeUnit);
        Assert.Equal([("a", "", 5.0, 2L, 1L), ("b", "x", 7.5, 0L, 3L)], SubjectCounts.Of(cohort));
        Assert.Equal([2, 4], lines);
    }

    [Fact]
    public async Task The_querys_own_column_names_are_read()
    {
        // Act: survival sql names the group column grp.
        var cohort = CountTableFile.Read(await FileWith("grp,stratum,time,events,censored\nb,,3,1,0\n"));

        // Assert
        Assert.Equal([("b", "", 3.0, 1L, 0L)], SubjectCounts.Of(cohort));
    }

    [Fact]
    public async Task A_cause_column_labels_the_rows_events()
    {
        // Act: survival sql with --cause adds the cause after censored.
        var cohort = CountTableFile.Read(await FileWith("grp,stratum,time,events,censored,cause\nb,,3,1,0,death\nb,,4,0,2,\n"));

        // Assert
        Assert.Equal(["death", ""], cohort.Counts.Select(r => r.Cause));
    }

    [Fact]
    public async Task Group_and_stratum_may_be_left_out()
    {
        // Act
        var cohort = CountTableFile.Read(await FileWith("time,events,censored\n3,1,0\n"));

        // Assert
        Assert.Equal([("", "", 3.0, 1L, 0L)], SubjectCounts.Of(cohort));
    }

    [Theory]
    [InlineData("time,events\n1,1\n", 1, "censored")]
    [InlineData("time,events,censored\n1,1,0\n2,x,0\n", 3, "events")]
    [InlineData("time,events,censored\n1,1.5,0\n", 2, "events")]
    [InlineData("time,events,censored\n", 2, null)]
    public async Task Unreadable_tables_name_the_line_and_column(string text, int line, string? column)
    {
        // Arrange
        var path = await FileWith(text);

        // Act
        var exception = Assert.Throws<CohortFileException>(() => CountTableFile.Read(path));

        // Assert
        Assert.Equal((line, column), (exception.Line, exception.Column));
    }
}
