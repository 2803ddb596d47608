namespace Conifer.Store.Exceptions;

/// <summary>
/// The log ends before the store's high-water mark: records that were durable (and so acknowledged) are gone, more
/// than a torn last batch can explain. The open changes nothing and refuses; a person may accept the loss explicitly
/// (<see cref="StoreOptions.AcceptDataLoss"/>, <c>conifer store repair --accept-data-loss</c>,
/// <c>conifer run-server --accept-data-loss</c>).
/// </summary>
public sealed class StoreDataLossException : Exception
{
    /// <summary>Creates the exception with what was found and what a person can do.</summary>
    public StoreDataLossException(string directory, long highWaterSequence, long lastSequence, TailRepair? tail)
        : base(Describe(directory, highWaterSequence, lastSequence, tail))
    {
        Directory = directory;
        HighWaterSequence = highWaterSequence;
        LastSequence = lastSequence;
        Tail = tail;
    }

    /// <summary>The store directory.</summary>
    public string Directory { get; }

    /// <summary>The sequence the high-water mark says was durable.</summary>
    public long HighWaterSequence { get; }

    /// <summary>The last valid record in the log (after the tail that would be cut).</summary>
    public long LastSequence { get; }

    /// <summary>The damaged tail that would be cut, or null when the log simply ends early.</summary>
    public TailRepair? Tail { get; }

    /// <summary>How many durable records are missing.</summary>
    public long RecordsLost => HighWaterSequence - LastSequence;

    private static string Describe(string directory, long mark, long last, TailRepair? tail)
    {
        var cut = tail is null ? string.Empty : $" ({tail.File} is damaged at offset {tail.Offset}: {tail.Reason}; {tail.BytesCut} bytes would be cut)";
        return $"The process store '{directory}' has lost acknowledged records: its high-water mark says records through {mark} were durable, " +
            $"but the log ends at record {last}{cut}. That is {mark - last} record(s), more than a torn last batch can explain. Nothing was changed. " +
            "Restore the store from a copy, or accept the loss explicitly with 'conifer store repair DIR --accept-data-loss' " +
            "(or 'conifer run-server --accept-data-loss'), which cuts the log at record " + last.ToString(System.Globalization.CultureInfo.InvariantCulture) + " and records the repair.";
    }
}
