using Conifer.Values;

namespace Conifer.Compiler.Scaffolding;

/// <summary>Builds the scaffold files from a previous and a new state model.</summary>
internal static class ScaffoldWriter
{
    public static ScaffoldResult FromSource(AppSource newSource, AppSource oldSource, IReadOnlyDictionary<string, string> renames) =>
        new ScaffoldResult.Failed($"scaffold from {oldSource.VersionId} to {newSource.VersionId} ({renames.Count} renames) is being written", []);

    public static ScaffoldResult FromStoredState(AppSource newSource, Value storedState, IReadOnlyDictionary<string, string> renames) =>
        new ScaffoldResult.Failed($"scaffold from a {storedState.Kind} to {newSource.VersionId} ({renames.Count} renames) is being written", []);
}
