namespace Survival.Cli;

/// <summary>A file the command writes (a plot), checked before the work and reported by option and path, not .NET's words.</summary>
internal static class OutputFile
{
    /// <summary>"--plot out/km.png: the folder out does not exist", or null when the folder exists (or no path was given).</summary>
    public static string? FolderMissing(string option, string? path)
    {
        if (path is null) return null;
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        return folder is null || Directory.Exists(folder) ? null : $"{option} {path}: the folder {Path.GetDirectoryName(path)} does not exist; create it first";
    }

    /// <summary>Runs <paramref name="write"/>, turning a failure to write into an <see cref="OutputFileException"/> naming the option and path.</summary>
    public static void Write(string option, string path, Action write)
    {
        try
        {
            write();
        }
        catch (UnauthorizedAccessException)
        {
            throw new OutputFileException($"{option} {path}: cannot write there (permission denied)");
        }
        catch (IOException exception)
        {
            throw new OutputFileException($"{option} {path}: cannot write the file ({exception.Message})");
        }
    }
}

/// <summary>An output file that could not be written.</summary>
internal sealed class OutputFileException(string message) : Exception(message);
