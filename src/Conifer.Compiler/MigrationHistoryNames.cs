using System.Globalization;
using System.Text.RegularExpressions;

namespace Conifer.Compiler;

/// <summary>
/// The names of a migration history (docs/migrations.md, "The migration history"): each step lives in
/// <c>Backend/Migrations/V&lt;n&gt;_&lt;first 12 hex digits of the version it migrates from&gt;/</c>, in the
/// namespace of the same name under <c>Backend.Migrations</c>, and holds that version's state types and
/// a <c>MigrateState</c> stamped with <c>[MigratesFrom("&lt;version id&gt;")]</c>.
/// </summary>
public static partial class MigrationHistoryNames
{
    /// <summary>The namespace every step's namespace is under.</summary>
    public const string Namespace = "Backend.Migrations";

    /// <summary>The folder every step's folder is under.</summary>
    public const string Folder = "Backend/Migrations";

    /// <summary>The name of a step's folder and namespace: <c>V3_ab12cd34ef56</c>.</summary>
    public static string StepName(int number, string? fromVersionId) =>
        string.Create(CultureInfo.InvariantCulture, $"V{number}_{(fromVersionId is null ? "unstamped" : fromVersionId[..Math.Min(12, fromVersionId.Length)])}");

    /// <summary>The step number of a step's name, or null when the name is not one.</summary>
    public static int? NumberOf(string stepName)
    {
        var match = StepPattern().Match(stepName);
        return match.Success && int.TryParse(match.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : null;
    }

    /// <summary>True for a version id as the runtime writes it: 64 lower-case hex digits.</summary>
    public static bool IsVersionId(string? text) => text is { Length: 64 } && VersionPattern().IsMatch(text);

    [GeneratedRegex("^V([0-9]{1,6})_[A-Za-z0-9_]*$")]
    private static partial Regex StepPattern();

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex VersionPattern();
}
