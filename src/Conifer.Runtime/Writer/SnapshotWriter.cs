using System.Buffers.Binary;
using Conifer.Runtime.Log;
using Conifer.Store;

namespace Conifer.Runtime.Writer;

/// <summary>
/// Writes snapshots in the background while the writer goes on. The state is immutable, so the
/// snapshot encodes the very object the writer had at that sequence, without a copy or a pause.
/// </summary>
internal sealed class SnapshotWriter(IProcessStore store) : IAsyncDisposable
{
    private Task _running = Task.CompletedTask;

    public bool IsWriting => !_running.IsCompleted;

    /// <summary>Starts a snapshot of <paramref name="state"/>, which is the state after record <paramref name="sequence"/>.</summary>
    public void Start(ProcessState state, long sequence, Task durable)
    {
        _running = Task.Run(async () =>
        {
            // A snapshot may only cover records that are durable: otherwise a crash could leave a
            // snapshot of a state whose records the log never kept.
            await durable.ConfigureAwait(false);
            await store.WriteSnapshotAsync(sequence, (stream, ct) => WriteAsync(stream, state, ct)).ConfigureAwait(false);
        });
    }

    /// <summary>Writes the snapshot of <paramref name="state"/> in the layout of <see cref="WriteLayoutAsync"/>.</summary>
    public static Task WriteAsync(Stream stream, ProcessState state, CancellationToken cancellationToken)
    {
        var version = state.Version ?? throw new InvalidOperationException("An empty process has no state to snapshot.");
        return WriteLayoutAsync(stream, new SnapshotHeader(version.VersionId, version.SourceBlob.Hex, state.Timers), version.State.Encode(state.State), cancellationToken);
    }

    /// <summary>The snapshot layout: a 4-byte little-endian header length, the header document, the state document.</summary>
    public static async Task WriteLayoutAsync(Stream stream, SnapshotHeader header, ReadOnlyMemory<byte> state, CancellationToken cancellationToken)
    {
        var encoded = LogCodecs.SnapshotHeader.Encode(header);
        var length = new byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(length, encoded.Length);
        await stream.WriteAsync(length, cancellationToken).ConfigureAwait(false);
        await stream.WriteAsync(encoded, cancellationToken).ConfigureAwait(false);
        await stream.WriteAsync(state, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _running.ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A failed snapshot loses nothing: the log still holds every record it would have covered.
            Console.Error.WriteLine($"conifer: a background snapshot failed: {e.Message}");
        }
    }
}
