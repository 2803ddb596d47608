using System.Collections.Immutable;
using Conifer.App;
using Conifer.Runtime.Versions;

namespace Conifer.Runtime.Deploy;

/// <summary>
/// What a passed proving run produced, and from which input: when no event arrived since, the
/// deploy takes the new state and commands as they are instead of migrating again under the pause.
/// </summary>
/// <param name="InputState">The state object the proving run was given (compared by reference).</param>
/// <param name="NewState">The new state document the child encoded.</param>
/// <param name="Commands">The migration's commands, as a value document.</param>
internal sealed record ProvenResult(object? InputState, byte[] NewState, byte[] Commands)
{
    /// <summary>Commands cross the process boundary as a value tree like everything else.</summary>
    public static TypeCodec CommandsCodec { get; } = TypeCodec.For(typeof(ImmutableArray<Command>));
}
