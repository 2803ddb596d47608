namespace Conifer.Store.Exceptions;

/// <summary>
/// The write or sync of the batch holding this record failed: the record may or may not be on disk, and only a
/// reopen will tell. Never treat it as "not written" (a retry could duplicate it) nor as "written" (answer 503).
/// </summary>
public sealed class AppendOutcomeUnknownException : StoreFailedException
{
    /// <summary>Creates the exception for the records of a batch whose write or sync failed.</summary>
    public AppendOutcomeUnknownException(long firstSequence, long lastSequence, Exception cause)
        : base($"Records {firstSequence}..{lastSequence}: outcome unknown, the write or sync of their batch failed ({cause.Message}). The store takes no more writes; reopen it to recover from what is on disk.", cause)
    {
        FirstSequence = firstSequence;
        LastSequence = lastSequence;
    }

    /// <summary>The first record of the failed batch.</summary>
    public long FirstSequence { get; }

    /// <summary>The last record of the failed batch.</summary>
    public long LastSequence { get; }
}
