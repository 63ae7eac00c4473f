using System.Text.Json;
using Xunit;

namespace Survival.TestSupport;

/// <summary>
/// One case of tests/fixtures-small-sample/design-*.json (tools/reference/generate-design-reference.R): the plan's
/// inputs in the service's terms and R's results.
/// </summary>
public sealed record DesignCase(string Name, DesignInput Input, JsonElement Expected)
{
    /// <summary>The cases of one file, as theory data of (file, case name).</summary>
    public static TheoryData<string, string> Names(string file)
    {
        var data = new TheoryData<string, string>();
        foreach (var c in Cases(file)) data.Add(file, c.Name);
        return data;
    }

    public static DesignCase Load(string file, string name) => Cases(file).Single(c => c.Name == name);

    /// <summary>An expected figure, by name.</summary>
    public double Value(string name) => Expected.GetProperty(name).GetDouble();

    private static IEnumerable<DesignCase> Cases(string file) =>
        SmallSampleReference.Load("design-", file).GetProperty("cases").EnumerateArray().Select(c => new DesignCase(
            c.GetProperty("name").GetString()!,
            DesignInput.Read(c.GetProperty("input")),
            c.TryGetProperty("rpact", out var rpact) ? rpact : c.GetProperty("closed_form")));
}

/// <summary>The inputs of a plan as the generator writes them; null where the case leaves them out.</summary>
public sealed record DesignInput
{
    public string Formula { get; init; } = "schoenfeld";
    public double Alpha { get; init; }
    public int Sided { get; init; } = 1;
    public double Power { get; init; }
    public double? HazardRatio { get; init; }
    public double? MedianTreatment { get; init; }
    public double? MedianControl { get; init; }
    public double[]? ControlHazards { get; init; }
    public double[] PieceStarts { get; init; } = [0];
    public double? EventProbabilityControl { get; init; }
    public double? EventProbabilityTreatment { get; init; }
    public double EventTime { get; init; } = 12;
    public double Allocation { get; init; } = 1;
    public double[] AccrualEnds { get; init; } = [];
    public double[] AccrualIntensities { get; init; } = [];
    public double? FollowUp { get; init; }
    public double? Patients { get; init; }
    public double? Events { get; init; }
    public double DropoutTreatment { get; init; }
    public double DropoutControl { get; init; }
    public double DropoutTime { get; init; } = 12;

    // One arm (Wu 2015).
    public double? Accrual { get; init; }
    public double? Median { get; init; }
    public double Shape { get; init; } = 1;

    /// <summary>The hazard ratio the case implies: given, or from two medians, or from two event probabilities at one time.</summary>
    public double ImpliedHazardRatio => HazardRatio
        ?? (MedianControl / MedianTreatment)
        ?? Math.Log(1 - EventProbabilityTreatment!.Value) / Math.Log(1 - EventProbabilityControl!.Value);

    public static DesignInput Read(JsonElement e) => new()
    {
        Formula = Text(e, "formula") ?? "schoenfeld",
        Alpha = Number(e, "alpha") ?? 0.025,
        Sided = (int)(Number(e, "sided") ?? 1),
        Power = Number(e, "power") ?? 0.8,
        HazardRatio = Number(e, "hazard_ratio"),
        MedianTreatment = Number(e, "median_treatment"),
        MedianControl = Number(e, "median_control"),
        ControlHazards = Numbers(e, "control_hazards"),
        PieceStarts = Numbers(e, "piece_starts") ?? [0],
        EventProbabilityControl = Number(e, "event_probability_control"),
        EventProbabilityTreatment = Number(e, "event_probability_treatment"),
        EventTime = Number(e, "event_time") ?? 12,
        Allocation = Number(e, "allocation") ?? 1,
        AccrualEnds = Numbers(e, "accrual_ends") ?? [],
        AccrualIntensities = Numbers(e, "accrual_intensities") ?? [],
        FollowUp = Number(e, "follow_up"),
        Patients = Number(e, "patients"),
        Events = Number(e, "events"),
        DropoutTreatment = Number(e, "dropout_treatment") ?? 0,
        DropoutControl = Number(e, "dropout_control") ?? 0,
        DropoutTime = Number(e, "dropout_time") ?? 12,
        Accrual = Number(e, "accrual"),
        Median = Number(e, "median"),
        Shape = Number(e, "shape") ?? 1,
    };

    private static double? Number(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;

    private static double[]? Numbers(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? Json.Doubles(v).Select(x => x!.Value).ToArray() : null;

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
