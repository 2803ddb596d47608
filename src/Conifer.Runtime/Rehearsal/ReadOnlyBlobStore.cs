using System.Security.Cryptography;
using Conifer.Store;
using Conifer.Store.Exceptions;

namespace Conifer.Runtime.Rehearsal;

/// <summary>
/// The blobs of a store directory, read without the store's lock and never written: what the
/// restorer needs to rebuild a state from a store a server may own. Every write throws.
/// </summary>
internal sealed class ReadOnlyBlobStore(string directory, RecoveryResult recovery) : IProcessStore
{
    public long LastSequence => recovery.LastSequence;

    public long DurableSequence => recovery.LastSequence;

    public SnapshotInfo? LatestSnapshot => recovery.Snapshot?.Info;

    public bool IsFailed => false;

    public async Task<ReadOnlyMemory<byte>?> TryGetBlobAsync(BlobId id, CancellationToken cancellationToken = default)
    {
        var path = Path.Combine(directory, "blobs", id.Hex);
        if (!File.Exists(path))
        {
            return null;
        }
        var bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        var actual = Convert.ToHexStringLower(SHA256.HashData(bytes));
        return actual == id.Hex
            ? bytes
            : throw new StoreCorruptException(Path.Combine("blobs", id.Hex), 0, null, $"the blob's bytes hash to SHA-256 {actual}, not to its name");
    }

    public ValueTask<long> AppendAsync(RecordKind kind, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default) => throw ReadOnly();

    public long Append(RecordKind kind, ReadOnlyMemory<byte> payload) => throw ReadOnly();

    public Task WaitDurableAsync(long sequence) => throw ReadOnly();

    public Task<SnapshotInfo> WriteSnapshotAsync(long coversThroughSequence, Func<Stream, CancellationToken, Task> writeState, CancellationToken cancellationToken = default) => throw ReadOnly();

    public Task<BlobId> PutBlobAsync(ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) => throw ReadOnly();

    public Task<TruncateResult> TruncateAsync(CancellationToken cancellationToken = default) => throw ReadOnly();

    public Task CopyToAsync(string destinationDirectory, IProgress<StoreProgress>? progress = null, CancellationToken cancellationToken = default) => throw ReadOnly();

    public Task<T> ReadDurableRecordsAsync<T>(long fromSequence, Func<IEnumerable<LogRecord>, T> read, CancellationToken cancellationToken = default) =>
        throw new InvalidOperationException($"The read-only view of '{directory}' holds only the records after its snapshot, not the whole log.");

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private InvalidOperationException ReadOnly() => new($"The store '{directory}' is open read-only; nothing may be written to it.");
}
