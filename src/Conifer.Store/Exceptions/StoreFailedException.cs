namespace Conifer.Store.Exceptions;

/// <summary>
/// A write or sync of this store failed earlier, so the store takes no more writes. It is never retried: after a
/// failed fsync the kernel may already have dropped the dirty pages and marked them clean, so a retry could
/// "succeed" without the bytes being on disk. The process must reopen the store and recover from what is on disk.
/// </summary>
public class StoreFailedException : Exception
{
    /// <summary>Creates the exception for a store that failed because of <paramref name="cause"/>.</summary>
    public StoreFailedException(string message, Exception cause)
        : base(message, cause)
    {
    }

    /// <summary>Creates the exception for a later call on a store that has already failed.</summary>
    public StoreFailedException(Exception cause)
        : base($"The process store failed earlier ({cause.Message}) and takes no more writes; reopen it to recover from what is on disk.", cause)
    {
    }
}
