namespace Conifer.Store.Log;

/// <summary>A segment of the live log: its name, first sequence and how many of its bytes are durable.</summary>
internal sealed class SegmentEntry(string name, long firstSequence, long durableLength)
{
    public string Name { get; } = name;

    public long FirstSequence { get; } = firstSequence;

    /// <summary>Bytes of the file known durable (header plus synced batches); only the writer thread grows it.</summary>
    public long DurableLength { get; set; } = durableLength;
}
