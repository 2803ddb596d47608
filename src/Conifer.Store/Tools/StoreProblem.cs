namespace Conifer.Store.Tools;

/// <summary>One thing <see cref="StoreTools.Verify"/> found wrong.</summary>
/// <param name="File">The file, relative to the store directory.</param>
/// <param name="Offset">Where in the file the problem starts.</param>
/// <param name="RecordSequence">The record expected there, for log segments.</param>
/// <param name="Description">What is wrong, in words.</param>
public sealed record StoreProblem(string File, long Offset, long? RecordSequence, string Description)
{
    /// <inheritdoc/>
    public override string ToString() =>
        RecordSequence is { } r ? $"{File} at offset {Offset} (record {r}): {Description}" : $"{File} at offset {Offset}: {Description}";
}
