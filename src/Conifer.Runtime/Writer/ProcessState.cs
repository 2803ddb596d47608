using System.Collections.Immutable;
using Conifer.Runtime.Versions;

namespace Conifer.Runtime.Writer;

/// <summary>
/// Everything the single writer owns, swapped as one immutable value: the running version, the
/// app's state and the pending timers. Readers take the current reference without locking.
/// </summary>
/// <param name="Version">The running app version; null while the store holds no deploy.</param>
/// <param name="State">The app's state (an instance of <c>Version.App.StateType</c>).</param>
/// <param name="Timers">Pending timers: id to due time in POSIX milliseconds.</param>
internal sealed record ProcessState(AppVersion? Version, object? State, ImmutableSortedDictionary<string, long> Timers)
{
    public static ProcessState Empty { get; } = new(null, null, ImmutableSortedDictionary.Create<string, long>(StringComparer.Ordinal));
}
