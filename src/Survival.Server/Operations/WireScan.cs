using System.Buffers;
using Google.Protobuf;
using Survival.V1;
using static Google.Protobuf.WireFormat;

namespace Survival.Server.Operations;

/// <summary>
/// The <see cref="CostDrivers"/> of a request read from its encoded bytes, before anything is parsed: subjects and count
/// rows counted, packed columns measured, group labels told apart by a hash of their bytes, landmarks, quantiles, plot
/// size and Cox terms read — without one object per subject. It follows the parser's rules (later scalars win,
/// repeated and embedded fields merge, packed or not, fields of a wrong wire type are unknown fields), so for a valid
/// message it gives what <see cref="CostDrivers.Of"/> gives for the parsed one, but for hash collisions among group
/// labels or Cox term names (which only lower the estimate). Bytes that are not a valid message give what was counted
/// before the fault: as much as the parser would allocate before refusing them.
/// </summary>
public static class WireScan
{
    /// <summary>The drivers of a request to <paramref name="method"/> (the RPC's name), or null for other methods.</summary>
    public static CostDrivers? Of(string method, ReadOnlySequence<byte> message)
    {
        if (!Requests.TryGetValue(method, out var request)) return null;
        var tally = new Tally();
        var reader = new WireReader(message);
        try
        {
            while (!reader.End) Request(ref reader, request, tally);
        }
        catch (MalformedWireException)
        {
            // Counted so far: the parser allocates about as much before it fails.
        }
        return tally.Drivers(request, message.Length);
    }

    private enum Rpc { Estimate, Compare, Render, Analyze, Cox }

    private static readonly Dictionary<string, Rpc> Requests = new(StringComparer.Ordinal)
    {
        ["EstimateSurvival"] = Rpc.Estimate,
        ["CompareGroups"] = Rpc.Compare,
        ["RenderSurvivalPlot"] = Rpc.Render,
        ["AnalyzeCohort"] = Rpc.Analyze,
        // Each message of the stream is an AnalyzeCohortRequest carrying a part of the cohort.
        ["AnalyzeCohortStream"] = Rpc.Analyze,
        ["FitCoxModel"] = Rpc.Cox,
    };

    private static void Request(ref WireReader reader, Rpc request, Tally tally)
    {
        var (field, type) = reader.ReadTag();
        var embedded = type == WireType.LengthDelimited;
        switch (request, field)
        {
            case (_, EstimateSurvivalRequest.CohortFieldNumber) when embedded: Cohort(ref reader, tally); break;
            case (Rpc.Estimate or Rpc.Render or Rpc.Analyze, EstimateSurvivalRequest.OptionsFieldNumber) when embedded: Options(ref reader, tally); break;
            case (Rpc.Compare, CompareGroupsRequest.PairwiseFieldNumber) when type == WireType.Varint: tally.Pairwise = reader.ReadVarint() != 0; break;
            case (Rpc.Analyze, AnalyzeCohortRequest.ComparisonFieldNumber) when embedded: Comparison(ref reader, tally); break;
            case (Rpc.Render, RenderSurvivalPlotRequest.PlotFieldNumber) when embedded: Plot(ref reader, tally); break;
            case (Rpc.Analyze, AnalyzeCohortRequest.PlotFieldNumber) when embedded: Plot(ref reader, tally); break;
            case (Rpc.Cox, FitCoxModelRequest.ForestPlotFieldNumber) when embedded: Plot(ref reader, tally); break;
            case (Rpc.Cox, FitCoxModelRequest.TermsFieldNumber) when embedded: tally.Terms.Add(Hash(reader.ReadBytes(reader.ReadLength()))); break;
            default: reader.Skip(field, type); break;
        }
    }

    private static void Cohort(ref WireReader reader, Tally tally)
    {
        tally.HasCohort = true;
        var end = reader.EnterMessage();
        while (reader.Position < end)
        {
            var (field, type) = reader.ReadTag();
            var embedded = type == WireType.LengthDelimited;
            switch (field)
            {
                case V1.Cohort.SubjectsFieldNumber when embedded:
                    tally.RowMessages++;
                    tally.Labels.Add(Label(ref reader, Subject.GroupFieldNumber));
                    break;
                case V1.Cohort.CountsFieldNumber when embedded:
                    tally.RowMessages++;
                    tally.Labels.Add(Label(ref reader, CountRow.GroupFieldNumber));
                    break;
                case V1.Cohort.ColumnsFieldNumber when embedded: Columns(ref reader, tally); break;
                default: reader.Skip(field, type); break;
            }
        }
        reader.Leave(end);
    }

    /// <summary>The hash of a row's group label (field <paramref name="groupField"/>; the last one wins, absent is empty).</summary>
    private static ulong Label(ref WireReader reader, int groupField)
    {
        var label = Hash(ReadOnlySequence<byte>.Empty);
        var end = reader.EnterMessage();
        while (reader.Position < end)
        {
            var (field, type) = reader.ReadTag();
            if (field == groupField && type == WireType.LengthDelimited) label = Hash(reader.ReadBytes(reader.ReadLength()));
            else reader.Skip(field, type);
        }
        reader.Leave(end);
        return label;
    }

    private static void Columns(ref WireReader reader, Tally tally)
    {
        var end = reader.EnterMessage();
        while (reader.Position < end)
        {
            var (field, type) = reader.ReadTag();
            switch (field)
            {
                case SubjectColumns.TimeFieldNumber: tally.ColumnRows += Doubles(ref reader, type); break;
                case SubjectColumns.GroupFieldNumber when type == WireType.Varint: tally.Code(reader.ReadVarint()); break;
                case SubjectColumns.GroupFieldNumber when type == WireType.LengthDelimited:
                    var codesEnd = reader.EnterMessage();
                    while (reader.Position < codesEnd) tally.Code(reader.ReadVarint());
                    reader.Leave(codesEnd);
                    break;
                case SubjectColumns.GroupLabelsFieldNumber when type == WireType.LengthDelimited:
                    tally.GroupLabels++;
                    reader.Skip(field, type);
                    break;
                case SubjectColumns.FactorsFieldNumber when type == WireType.LengthDelimited: Factor(ref reader, tally); break;
                default: reader.Skip(field, type); break;
            }
        }
        reader.Leave(end);
    }

    private static void Factor(ref WireReader reader, Tally tally)
    {
        var (name, labels) = (Hash(ReadOnlySequence<byte>.Empty), 0);
        var end = reader.EnterMessage();
        while (reader.Position < end)
        {
            var (field, type) = reader.ReadTag();
            if (type != WireType.LengthDelimited) reader.Skip(field, type);
            else if (field == FactorColumn.NameFieldNumber) name = Hash(reader.ReadBytes(reader.ReadLength()));
            else if (field == FactorColumn.LabelsFieldNumber) (labels, _) = (labels + 1, reader.ReadBytes(reader.ReadLength()));
            else reader.Skip(field, type);
        }
        reader.Leave(end);
        tally.Factors.Add((name, labels));
    }

    private static void Options(ref WireReader reader, Tally tally)
    {
        var end = reader.EnterMessage();
        while (reader.Position < end)
        {
            var (field, type) = reader.ReadTag();
            switch (field)
            {
                case EstimateOptions.QuantilesFieldNumber: tally.Quantiles += Doubles(ref reader, type); break;
                case EstimateOptions.LandmarkTimesFieldNumber: tally.Landmarks += Doubles(ref reader, type); break;
                default: reader.Skip(field, type); break;
            }
        }
        reader.Leave(end);
    }

    private static void Comparison(ref WireReader reader, Tally tally)
    {
        var end = reader.EnterMessage();
        while (reader.Position < end)
        {
            var (field, type) = reader.ReadTag();
            if (field == ComparisonOptions.PairwiseFieldNumber && type == WireType.Varint) tally.Pairwise = reader.ReadVarint() != 0;
            else reader.Skip(field, type);
        }
        reader.Leave(end);
    }

    private static void Plot(ref WireReader reader, Tally tally)
    {
        tally.Plot ??= new PlotSize(0, 0);
        var end = reader.EnterMessage();
        while (reader.Position < end)
        {
            var (field, type) = reader.ReadTag();
            // int32 keeps the low 32 bits of the varint, as the parser does.
            if (field == PlotOptions.WidthFieldNumber && type == WireType.Varint) tally.Plot = tally.Plot.Value with { Width = (int)reader.ReadVarint() };
            else if (field == PlotOptions.HeightFieldNumber && type == WireType.Varint) tally.Plot = tally.Plot.Value with { Height = (int)reader.ReadVarint() };
            else reader.Skip(field, type);
        }
        reader.Leave(end);
    }

    /// <summary>How many values a repeated double field adds: one unpacked, or a packed run's length over 8.</summary>
    private static long Doubles(ref WireReader reader, WireType type)
    {
        switch (type)
        {
            case WireType.Fixed64:
                reader.ReadBytes(8);
                return 1;
            case WireType.LengthDelimited:
                var length = reader.ReadLength();
                reader.ReadBytes(length);
                return length / 8;
            default:
                reader.Skip(0, type);
                return 0;
        }
    }

    /// <summary>FNV-1a over the bytes, whatever buffer segments they span (http://www.isthe.com/chongo/tech/comp/fnv/).</summary>
    private static ulong Hash(ReadOnlySequence<byte> bytes)
    {
        var hash = 14695981039346656037UL;
        foreach (var segment in bytes)
            foreach (var b in segment.Span)
                hash = (hash ^ b) * 1099511628211UL;
        return hash;
    }

    /// <summary>What the scan has counted; merged across repeated occurrences of a field as the parser merges them.</summary>
    private sealed class Tally
    {
        public bool HasCohort;
        public long RowMessages;
        public long ColumnRows;
        public int GroupLabels;
        public uint? LargestCode;
        public long Landmarks;
        public long Quantiles;
        public bool Pairwise;
        public PlotSize? Plot;

        public HashSet<ulong> Labels { get; } = [];

        public List<ulong> Terms { get; } = [];

        public List<(ulong Name, int Labels)> Factors { get; } = [];

        public void Code(ulong code) => LargestCode = Math.Max(LargestCode ?? 0, (uint)code);

        public CostDrivers Drivers(Rpc request, long messageBytes)
        {
            var drivers = new CostDrivers(messageBytes, RowMessages, ColumnRows, Shape());
            var outputs = CostDrivers.PerGroup(Landmarks, Quantiles);
            return request switch
            {
                Rpc.Estimate => drivers with { OutputsPerGroup = outputs },
                Rpc.Compare => drivers with { Compares = true, Pairwise = Pairwise },
                Rpc.Render => drivers with { OutputsPerGroup = outputs, Plot = Plot },
                Rpc.Analyze => drivers with { OutputsPerGroup = outputs, Compares = true, Pairwise = Pairwise, Plot = Plot },
                _ => drivers with { CoxColumns = CostDrivers.DesignColumns(Terms, Factors), Plot = Plot },
            };
        }

        /// <summary>As <see cref="CohortShape.Of"/> counts: columns decide the groups when they hold times, else the labels.</summary>
        private CohortShape Shape()
        {
            if (!HasCohort) return new(0, 0);
            var groups = ColumnRows > 0 ? CohortShape.ColumnGroups(GroupLabels, LargestCode) : Labels.Count;
            return new(RowMessages + ColumnRows, Math.Max(1, groups));
        }
    }
}
