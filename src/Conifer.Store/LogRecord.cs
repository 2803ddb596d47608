namespace Conifer.Store;

/// <summary>One record of the log as recovery yields it: its position, its kind and its opaque payload.</summary>
/// <param name="Sequence">The record's number: 1 for the first record a store ever took, then +1 per record, without gaps.</param>
/// <param name="Kind">What the record means to the runtime.</param>
/// <param name="Payload">The bytes the runtime appended, unchanged (a slice of a buffer the store read; do not write to it).</param>
public readonly record struct LogRecord(long Sequence, RecordKind Kind, ReadOnlyMemory<byte> Payload);
