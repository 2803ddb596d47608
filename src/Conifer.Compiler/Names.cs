namespace Conifer.Compiler;

/// <summary>The fixed names of the app contract (DESIGN §1).</summary>
internal static class Names
{
    public const string AppNamespace = "Backend";
    public const string MigrateStateType = "Backend.MigrateState";
    public const string MigrateMethod = "Migrate";
    public const string AdminFunctionsType = "Backend.AdminFunctions";
}
