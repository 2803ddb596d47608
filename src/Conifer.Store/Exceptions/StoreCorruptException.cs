namespace Conifer.Store.Exceptions;

/// <summary>
/// Stored bytes fail their checks somewhere recovery cannot safely cut them off (before the tail of the log, in the
/// only usable snapshot, in a blob). The open stops here: replaying past corruption would present a wrong state as
/// if recovery had succeeded.
/// </summary>
public sealed class StoreCorruptException : Exception
{
    /// <summary>Creates the exception with every fact a person needs to find the damage.</summary>
    public StoreCorruptException(string file, long offset, long? recordSequence, string problem, ulong? expectedChecksum = null, ulong? actualChecksum = null)
        : base(Describe(file, offset, recordSequence, problem, expectedChecksum, actualChecksum))
    {
        File = file;
        Offset = offset;
        RecordSequence = recordSequence;
        Problem = problem;
        ExpectedChecksum = expectedChecksum;
        ActualChecksum = actualChecksum;
    }

    /// <summary>The damaged file, relative to the store directory.</summary>
    public string File { get; }

    /// <summary>The byte offset in <see cref="File"/> where the damage starts.</summary>
    public long Offset { get; }

    /// <summary>The sequence of the record expected at <see cref="Offset"/>, when the file is a log segment.</summary>
    public long? RecordSequence { get; }

    /// <summary>What is wrong, in words.</summary>
    public string Problem { get; }

    /// <summary>The checksum the bytes should have, when a checksum failed.</summary>
    public ulong? ExpectedChecksum { get; }

    /// <summary>The checksum the bytes have, when a checksum failed.</summary>
    public ulong? ActualChecksum { get; }

    private static string Describe(string file, long offset, long? record, string problem, ulong? expected, ulong? actual)
    {
        var where = record is { } r ? $"{file} at offset {offset} (record {r})" : $"{file} at offset {offset}";
        var sums = expected is { } e && actual is { } a ? $"; expected checksum {e:x16}, actual {a:x16}" : string.Empty;
        return $"The store is corrupt in {where}: {problem}{sums}. Nothing after this point was replayed; restore from a copy or inspect with 'conifer store verify'.";
    }
}
