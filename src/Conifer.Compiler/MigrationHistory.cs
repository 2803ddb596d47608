using System.Collections.Immutable;
using System.Text.RegularExpressions;

namespace Conifer.Compiler;

/// <summary>
/// Reads an app's migration history from its source files, without compiling: the step folders under
/// <c>Backend/Migrations/</c> (<see cref="MigrationHistoryNames"/>) and their stamps. <c>conifer migrate
/// scaffold</c>, <c>list</c> and <c>remove</c> work from this; the compiler checks the same steps properly.
/// </summary>
public static partial class MigrationHistory
{
    /// <summary>The steps, oldest first.</summary>
    public static ImmutableArray<MigrationStepInfo> Read(AppSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var prefix = MigrationHistoryNames.Folder + "/";
        return [.. source.Files
            .Where(f => f.Path.StartsWith(prefix, StringComparison.Ordinal) && f.Path.IndexOf('/', prefix.Length) > 0)
            .GroupBy(f => f.Path[prefix.Length..f.Path.IndexOf('/', prefix.Length)], StringComparer.Ordinal)
            .Where(g => MigrationHistoryNames.NumberOf(g.Key) is not null)
            .Select(g => new MigrationStepInfo(
                g.Key,
                MigrationHistoryNames.NumberOf(g.Key)!.Value,
                prefix + g.Key,
                g.Select(f => StampPattern().Match(f.Text)).FirstOrDefault(m => m.Success)?.Groups[1].Value))
            .OrderBy(s => s.Number)];
    }

    /// <summary>True when the source holds the single-migration layout (<c>Backend/MigrateState.cs</c> or <c>Backend/Prev/</c>).</summary>
    public static bool HasSingleMigrationLayout(AppSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return source.Files.Any(f => IsSingleMigrationFile(f.Path));
    }

    /// <summary>True for the files of the single-migration layout.</summary>
    public static bool IsSingleMigrationFile(string path) =>
        path == "Backend/MigrateState.cs" || path.StartsWith("Backend/Prev/", StringComparison.Ordinal);

    /// <summary>The line a step's <c>Migrate</c> file starts with while it is the newest step (its result is the app's own types).</summary>
    internal const string NextIsApp = "using Next = " + Names.AppNamespace + ";";

    [GeneratedRegex("\\[MigratesFrom\\(\"([0-9a-f]{64})\"\\)\\]")]
    private static partial Regex StampPattern();
}
