namespace Conifer.Store.Tools;

/// <summary>One thing <see cref="StoreTools.Verify"/> found wrong.</summary>
/// <param name="File">The file, relative to the store directory.</param>
/// <param name="Offset">Where in the file the problem starts; -1 when a record is named instead (a payload that does not decode).</param>
/// <param name="RecordSequence">The record expected there, for log segments.</param>
/// <param name="Description">What is wrong, in words.</param>
public sealed record StoreProblem(string File, long Offset, long? RecordSequence, string Description)
{
    /// <inheritdoc/>
    public override string ToString() => (Offset, RecordSequence) switch
    {
        ( < 0, { } r) => $"{File}, record {r}: {Description}",
        (_, { } r) => $"{File} at offset {Offset} (record {r}): {Description}",
        _ => $"{File} at offset {Offset}: {Description}",
    };
}
