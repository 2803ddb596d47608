namespace Conifer.Store.Log;

/// <summary>
/// Records that go to disk with one write and one sync. Appenders fill it under the writer's lock; the writer
/// thread owns it once taken, and recycles it after completing it.
/// </summary>
internal sealed class Batch(byte[] buffer)
{
    public byte[] Buffer { get; set; } = buffer;

    public int Length { get; set; }

    public int Count { get; set; }

    public long FirstSequence { get; set; }

    public long LastSequence { get; set; }

    /// <summary>The hash of the record before <see cref="FirstSequence"/>: a new segment's header needs it.</summary>
    public ulong PreviousHash { get; set; }

    /// <summary>One waiter per append in the batch.</summary>
    public List<AppendWaiter> Waiters { get; } = [];

    /// <summary>Created on demand (under the writer's lock) for the store's own waits, such as a snapshot waiting for its sequence.</summary>
    public TaskCompletionSource? DurableSignal { get; set; }

    public void Reset()
    {
        Length = 0;
        Count = 0;
        FirstSequence = 0;
        LastSequence = 0;
        PreviousHash = 0;
        Waiters.Clear();
        DurableSignal = null;
    }
}
