using System.Text.Json;
using Xunit;

namespace Survival.TestSupport;

/// <summary>
/// The fixtures of tests/fixtures-small-sample (written by tools/reference/generate-small-sample-reference.R and
/// generate-design-reference.R): each file's schema is described at the top of its generator.
/// </summary>
public static class SmallSampleReference
{
    private static string Folder => Path.Combine(AppContext.BaseDirectory, "fixtures-small-sample");

    /// <summary>The files whose name starts with <paramref name="prefix"/>, as xunit theory data of one name each.</summary>
    public static TheoryData<string> Names(string prefix)
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(Folder, prefix + "*.json").Order())
            data.Add(Path.GetFileNameWithoutExtension(file)[prefix.Length..]);
        return data;
    }

    /// <summary>The document of one file.</summary>
    public static JsonElement Load(string prefix, string name) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, prefix + name + ".json"))).RootElement;
}
