using System.Collections.Immutable;

namespace Conifer.Compiler;

/// <summary>
/// One admin function: a public static method of <c>Backend.AdminFunctions</c>. One parameter of
/// the app's <c>State</c> type receives the current state (the one named <c>state</c>, else the
/// first of that type); the others are the caller's arguments.
/// A function returning <c>State</c> is an update (its result becomes the new state); any other
/// return type makes it a read.
/// </summary>
/// <param name="Name">The method name, used in <c>conifer apply-function NAME</c>.</param>
/// <param name="Parameters">Every parameter, in order.</param>
/// <param name="ReturnTypeName">The CLR full name of the return type.</param>
/// <param name="IsUpdate">True when the function returns the app's <c>State</c>.</param>
public sealed record AdminFunctionShape(string Name, ImmutableArray<AdminParameterShape> Parameters, string ReturnTypeName, bool IsUpdate);
