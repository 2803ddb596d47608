using System.Diagnostics.CodeAnalysis;

namespace Conifer.Compiler.Scripting;

/// <summary>
/// The globals of a script (<see cref="ScriptCompiler"/>): the live state as <c>state</c>, typed as the app's own State
/// (this class is closed over it when a script is compiled). Public because the script is another
/// assembly that reads it.
/// </summary>
/// <typeparam name="TState">The app's State type.</typeparam>
/// <param name="state">The state the script reads.</param>
public sealed class ScriptGlobals<TState>(TState state)
{
    /// <summary>The live state, named as scripts write it.</summary>
    [SuppressMessage("Style", "IDE1006:Naming Styles", Justification = "Scripts name the state `state`, as DESIGN §5 writes it.")]
    public TState state { get; } = state;
}
