using System.Collections.Immutable;

namespace Conifer.Compiler;

/// <summary>
/// What the compiler found in an app: the names the runtime needs to call it. Type names are
/// CLR full names (<c>Backend.State</c>, <c>System.Int32</c>); nested types use <c>+</c>.
/// </summary>
/// <param name="AppTypeName">The one class implementing <c>IWebServiceApp&lt;TState&gt;</c>.</param>
/// <param name="StateTypeName">Its <c>TState</c>.</param>
/// <param name="HasOnTimer">True when the app overrides <c>OnTimer</c> (otherwise the default keeps the state).</param>
/// <param name="HasOnHttpResponse">True when the app overrides <c>OnHttpResponse</c>.</param>
/// <param name="Migrations">
/// The migration steps, oldest first: <c>Backend.MigrateState.Migrate</c> alone (the single-migration
/// layout), or the steps of a history under <c>Backend.Migrations</c> in step-number order; empty
/// without a migration.
/// </param>
/// <param name="AdminFunctions">The public static methods of <c>Backend.AdminFunctions</c>, in declaration order.</param>
public sealed record AppShape(
    string AppTypeName,
    string StateTypeName,
    bool HasOnTimer,
    bool HasOnHttpResponse,
    ImmutableArray<MigrationShape> Migrations,
    ImmutableArray<AdminFunctionShape> AdminFunctions)
{
    /// <summary>The newest migration step (the one that returns the app's <c>State</c>), or null without a migration.</summary>
    public MigrationShape? Migration => Migrations.IsDefaultOrEmpty ? null : Migrations[^1];
}
