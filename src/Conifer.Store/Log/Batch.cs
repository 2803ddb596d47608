namespace Conifer.Store.Log;

/// <summary>
/// Records that go to disk with one write and one sync. Appenders fill it under the writer's lock; the writer
/// thread owns it once taken.
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

    // RunContinuationsAsynchronously: the appenders' continuations must not run on the writer thread, or one slow
    // caller would hold up the next batch's write.
    public TaskCompletionSource Durable { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
