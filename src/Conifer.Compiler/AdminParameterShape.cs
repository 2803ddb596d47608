namespace Conifer.Compiler;

/// <summary>One parameter of an admin function.</summary>
/// <param name="Name">The parameter name.</param>
/// <param name="TypeName">The CLR full name of its type.</param>
/// <param name="IsState">True when the runtime passes the current state here instead of a caller's argument.</param>
public sealed record AdminParameterShape(string Name, string TypeName, bool IsState);
