using Google.Protobuf;
using Survival.Client;
using Survival.V1;

namespace Survival.Cli.Tests;

/// <summary>The counts DuckDB reads from a file give the service's response for the same file's subjects, field for field.</summary>
public class FormsAgreeTests
{
    [Fact]
    public async Task Veteran_counts_and_subjects_give_the_same_response()
    {
        // Arrange
        var file = Path.Combine(CliRun.Examples, "veteran.csv");
        var columns = new CohortColumns { Time = "time", Event = "status", Group = "trt" };
        var counts = await DuckDbCohort.ReadAsync(file, new CountQuery { Columns = columns }, "");
        var subjects = CohortFile.Read(file, columns);
        AnalyzeCohortRequest Request(Cohort cohort) => new()
        {
            Cohort = cohort,
            Options = new EstimateOptions { ConfLevel = 0.95, ConfType = ConfidenceType.Log },
            Comparison = new ComparisonOptions { Weights = { TestWeight.Logrank } },
        };

        // Act
        var fromCounts = await CohortAnalyzer.AnalyzeAsync(Request(counts), null, null, null, CancellationToken.None);
        var fromSubjects = await CohortAnalyzer.AnalyzeAsync(Request(subjects), null, null, null, CancellationToken.None);

        // Assert
        Assert.Equal(JsonFormatter.Default.Format(fromSubjects.Estimates), JsonFormatter.Default.Format(fromCounts.Estimates));
        Assert.Equal(JsonFormatter.Default.Format(fromSubjects.Comparison), JsonFormatter.Default.Format(fromCounts.Comparison));
    }
}
