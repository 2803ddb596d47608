using Microsoft.CodeAnalysis;

namespace Conifer.Compiler.Shape;

/// <summary>A type that is stored (the State, a Prev type, an admin function parameter).</summary>
/// <param name="Type">The type.</param>
/// <param name="Location">Where its own problems are reported (e.g. the parameter).</param>
/// <param name="Path">How messages name it, e.g. <c>State</c> or <c>Migrate(previous)</c>.</param>
internal sealed record StateTypeRoot(ITypeSymbol Type, Location Location, string Path);
