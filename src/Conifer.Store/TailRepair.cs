namespace Conifer.Store;

/// <summary>
/// A torn or corrupt tail found at open: the bytes after the last valid record of the last batch that may
/// not have reached the disk. A writable open cuts them (<see cref="Applied"/>); a read-only open only reports them.
/// </summary>
/// <param name="File">The segment file name (relative to the store directory).</param>
/// <param name="Offset">The file offset where the first invalid byte was found; the file now ends here when applied (0: the whole unfinished segment file).</param>
/// <param name="BytesCut">How many bytes lay at and after <see cref="Offset"/>.</param>
/// <param name="RecordsCut">How many record frames (whole or torn) began in those bytes, as far as their length fields could be followed.</param>
/// <param name="LastValidSequence">The last record kept.</param>
/// <param name="Reason">What was wrong at <see cref="Offset"/> (for the log line a person reads).</param>
/// <param name="Applied"><see langword="true"/> when the file was cut; <see langword="false"/> for a read-only open.</param>
public sealed record TailRepair(string File, long Offset, long BytesCut, long RecordsCut, long LastValidSequence, string Reason, bool Applied)
{
    /// <summary>One line for a log or a status page: file, offset, bytes and records.</summary>
    public override string ToString() =>
        $"{(Applied ? "cut" : "would cut")} a torn tail of {File} at offset {Offset}: {BytesCut} byte(s), {RecordsCut} record(s) after record {LastValidSequence} ({Reason})";
}
