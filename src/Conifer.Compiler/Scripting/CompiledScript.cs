using System.Collections.Immutable;

namespace Conifer.Compiler.Scripting;

/// <summary>A compiled script (<see cref="ScriptCompiler"/>): <c>Run(state)</c>, or the diagnostics that say why there is none.</summary>
/// <param name="Run">Runs the script on a state and gives its value (under the invariant culture); null when it did not compile.</param>
/// <param name="Errors">The diagnostics, as <c>&lt;eval&gt;:line:column: error ID: message</c>; empty when it compiled.</param>
public sealed record CompiledScript(Func<object?, object?>? Run, ImmutableArray<string> Errors);
