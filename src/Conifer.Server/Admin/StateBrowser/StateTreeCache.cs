using Conifer.Runtime;
using Conifer.Values;

namespace Conifer.Server.Admin.StateBrowser;

/// <summary>
/// The state tree the browser last read, reused while the state is unchanged: opening a node of a
/// large state then costs a walk down the tree, not a conversion of the whole state per click.
/// </summary>
internal sealed class StateTreeCache : IDisposable
{
    private static readonly TimeSpan KeepIdle = TimeSpan.FromMinutes(2);
    private readonly Timer _expiry;
    private Entry? _entry;

    // The tree is a second copy of the state: once nobody has browsed for a while it is dropped, so
    // that a large state is not held twice for the rest of the server's life.
    public StateTreeCache() => _expiry = new Timer(_ => Volatile.Write(ref _entry, null));

    public async Task<(string? VersionId, Value? State)> ReadAsync(LiveProcess process, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(process);
        _expiry.Change(KeepIdle, Timeout.InfiniteTimeSpan);
        // Every change of the state is a logged record, so an unchanged last sequence means an
        // unchanged state. The sequence is read before the state: the state read is then at least
        // that new, and a cached tree is never older than the sequence it is filed under.
        var sequence = process.LastSequence;
        if (Volatile.Read(ref _entry) is { } cached && ReferenceEquals(cached.Process, process) && cached.Sequence == sequence)
        {
            return (cached.VersionId, cached.State);
        }
        var (versionId, state) = await process.ReadStateAsync(cancellationToken).ConfigureAwait(false);
        Volatile.Write(ref _entry, new Entry(process, sequence, versionId, state));
        return (versionId, state);
    }

    public void Dispose() => _expiry.Dispose();

    private sealed record Entry(LiveProcess Process, long Sequence, string? VersionId, Value? State);
}
