namespace Conifer.Compiler;

/// <summary>One migration step: <c>MigrateState.Migrate(previous) -> (next state, Commands)</c>.</summary>
/// <param name="HolderTypeName">The CLR full name of the class holding <c>Migrate</c>: <c>Backend.MigrateState</c> for the single-migration layout, <c>Backend.Migrations.V2_ab12cd34ef56.MigrateState</c> for a step of a history.</param>
/// <param name="PrevStateTypeName">The CLR full name of the parameter type: the previous version's state as this version declares it.</param>
/// <param name="FromVersionId">The version id the step migrates from (its <c>[MigratesFrom]</c> stamp), or null when it carries none.</param>
/// <param name="Location">Where <c>Migrate</c> is declared, as <c>file:line</c>.</param>
public sealed record MigrationShape(string HolderTypeName, string PrevStateTypeName, string? FromVersionId, string Location)
{
    /// <summary>The step's name as people see it: its folder under <c>Backend/Migrations/</c> (<c>V2_ab12cd34ef56</c>), or <c>MigrateState</c> for the single-migration layout.</summary>
    public string Name => HolderTypeName.StartsWith(MigrationHistoryNames.Namespace + ".", StringComparison.Ordinal)
        ? HolderTypeName[(MigrationHistoryNames.Namespace.Length + 1)..HolderTypeName.LastIndexOf('.')]
        : "MigrateState";
}
