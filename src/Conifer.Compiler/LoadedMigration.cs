using Conifer.App;

namespace Conifer.Compiler;

/// <summary>One loaded migration step of an app version: its shape, its parameter type and its <c>Migrate</c>.</summary>
/// <param name="Shape">What the compiler found: holder, stamp, location.</param>
/// <param name="PrevStateType">The type <c>Migrate</c> takes: the state of the version the step migrates from.</param>
/// <param name="Migrate"><c>Migrate(previous)</c>, returning the next step's state (the app's <c>State</c> for the newest step).</param>
public sealed record LoadedMigration(MigrationShape Shape, Type PrevStateType, Func<object, (object State, Commands Commands)> Migrate);
