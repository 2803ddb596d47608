namespace Conifer.Store.Exceptions;

/// <summary>
/// A blob's bytes could not be written (a full disk, an I/O error) before anything named it. Its temp file is gone
/// and the store goes on taking writes: only the operation that needed the blob (a deploy, a state import) fails.
/// </summary>
public sealed class BlobNotWrittenException : IOException
{
    /// <summary>Creates the exception with the blob's size and the cause.</summary>
    public BlobNotWrittenException(long bytes, Exception cause)
        : base($"A blob of {bytes} bytes could not be written to the store ({cause.Message}); nothing refers to it and the store is unchanged. Free disk space and try again.", cause)
    {
    }
}
