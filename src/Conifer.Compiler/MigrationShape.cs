namespace Conifer.Compiler;

/// <summary><c>Backend.MigrateState.Migrate(Prev previous) -> (State, Commands)</c>.</summary>
/// <param name="PrevStateTypeName">The CLR full name of the parameter type: the previous version's state as this version declares it.</param>
public sealed record MigrationShape(string PrevStateTypeName);
