namespace Conifer.Store.IO;

/// <summary>An open file of the store: positional reads and writes, and an explicit sync.</summary>
public interface IStoreFile : IDisposable
{
    /// <summary>The current length, including bytes written but not yet synced.</summary>
    long Length { get; }

    /// <summary>Reads up to <paramref name="buffer"/>.Length bytes at <paramref name="offset"/>; returns how many were read (0 at the end).</summary>
    int Read(long offset, Span<byte> buffer);

    /// <summary>Writes all of <paramref name="data"/> at <paramref name="offset"/>. The bytes are not durable until <see cref="Sync"/> returns.</summary>
    void Write(long offset, ReadOnlySpan<byte> data);

    /// <summary>Makes every byte written so far, and the file's length, durable (fdatasync/fsync). Throws when the device reports an error.</summary>
    void Sync();

    /// <summary>Cuts or extends the file to <paramref name="length"/> bytes (durable after <see cref="Sync"/>).</summary>
    void SetLength(long length);
}
