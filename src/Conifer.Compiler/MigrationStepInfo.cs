namespace Conifer.Compiler;

/// <summary>One step of a migration history as its source folder holds it (read without compiling).</summary>
/// <param name="Name">The step's folder and namespace name, <c>V2_ab12cd34ef56</c>.</param>
/// <param name="Number">Its number, which orders the steps.</param>
/// <param name="Folder">Its folder relative to the app, <c>Backend/Migrations/V2_ab12cd34ef56</c>.</param>
/// <param name="FromVersionId">The version it migrates from (its <c>[MigratesFrom]</c> stamp), or null when it has none.</param>
public sealed record MigrationStepInfo(string Name, int Number, string Folder, string? FromVersionId);
