using System.Collections.Immutable;
using System.IO.Compression;
using Conifer.Compiler;

namespace Conifer.Runtime.Deploy;

/// <summary>
/// Packs an app's source folder into a zip for upload, and reads an uploaded zip back with every
/// check an untrusted archive needs: no entry may escape the folder, no links, bounded size.
/// </summary>
public static class SourceArchive
{
    /// <summary>Zips the files of <paramref name="directory"/> that count as app source (<see cref="AppSource.Counts"/>).</summary>
    public static byte[] Create(string directory)
    {
        var root = Path.GetFullPath(directory);
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"The source folder '{directory}' does not exist.");
        }
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (full, relative) in AppSource.FilesIn(root))
            {
                var entry = zip.CreateEntry(relative, CompressionLevel.Fastest);
                // A fixed timestamp keeps the archive's bytes a function of the sources alone.
                entry.LastWriteTime = new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
                using var target = entry.Open();
                using var source = File.OpenRead(full);
                source.CopyTo(target);
            }
        }
        return buffer.ToArray();
    }

    /// <summary>Reads an uploaded archive, refusing anything unsafe before a single byte is written anywhere.</summary>
    public static SourceArchiveResult Read(ReadOnlyMemory<byte> archive, SourceArchiveLimits? limits = null)
    {
        limits ??= SourceArchiveLimits.Default;
        if (archive.Length > limits.MaxArchiveBytes)
        {
            return new SourceArchiveResult.Refused($"The upload is {archive.Length} bytes; the limit is {limits.MaxArchiveBytes} bytes.");
        }
        if (archive.IsEmpty)
        {
            return new SourceArchiveResult.Refused("The upload is empty; expected a zip of the app's source folder.");
        }
        try
        {
            using var zip = new ZipArchive(new MemoryStream(archive.ToArray(), writable: false), ZipArchiveMode.Read);
            return ReadEntries(zip, limits);
        }
        catch (InvalidDataException e)
        {
            return new SourceArchiveResult.Refused($"The upload is not a valid zip archive: {e.Message}");
        }
    }

    private static SourceArchiveResult ReadEntries(ZipArchive zip, SourceArchiveLimits limits)
    {
        if (zip.Entries.Count > limits.MaxEntries)
        {
            return new SourceArchiveResult.Refused($"The archive has {zip.Entries.Count} entries; the limit is {limits.MaxEntries}.");
        }
        var files = ImmutableSortedDictionary.CreateBuilder<string, ImmutableArray<byte>>(StringComparer.Ordinal);
        long total = 0;
        foreach (var entry in zip.Entries)
        {
            if (CheckName(entry) is { } refusal)
            {
                return new SourceArchiveResult.Refused(refusal);
            }
            var name = entry.FullName.Replace('\\', '/');
            if (name.EndsWith('/'))
            {
                continue;
            }
            if (entry.Length > limits.MaxEntryBytes)
            {
                return new SourceArchiveResult.Refused($"Entry '{name}' expands to {entry.Length} bytes; the limit per file is {limits.MaxEntryBytes}.");
            }
            if (entry.CompressedLength > 0 && entry.Length / entry.CompressedLength > limits.MaxCompressionRatio)
            {
                return new SourceArchiveResult.Refused($"Entry '{name}' expands {entry.Length / entry.CompressedLength}x; refused as a possible zip bomb.");
            }
            // The sizes in the header are the archive's claim; count the bytes actually inflated.
            var content = ReadBounded(entry, Math.Min(limits.MaxEntryBytes, limits.MaxTotalBytes - total));
            if (content is null)
            {
                return new SourceArchiveResult.Refused($"Entry '{name}' expands past the size limits ({limits.MaxEntryBytes} bytes per file, {limits.MaxTotalBytes} in all).");
            }
            total += content.Length;
            if (!AppSource.Counts(name))
            {
                continue;
            }
            if (!files.TryAdd(name, ImmutableArray.Create(content)))
            {
                return new SourceArchiveResult.Refused($"Entry '{name}' occurs twice in the archive.");
            }
        }
        return new SourceArchiveResult.Accepted(files.ToImmutable());
    }

    private static string? CheckName(ZipArchiveEntry entry)
    {
        var name = entry.FullName.Replace('\\', '/');
        if (name.Length == 0)
        {
            return "The archive has an entry with an empty name.";
        }
        if (name.StartsWith('/') || (name.Length > 1 && name[1] == ':'))
        {
            return $"Entry '{entry.FullName}' has an absolute path; entries must be relative to the source folder.";
        }
        if (name.Split('/').Any(part => part == ".."))
        {
            return $"Entry '{entry.FullName}' escapes the source folder with '..'.";
        }
        if (name.Contains('\0', StringComparison.Ordinal))
        {
            return $"Entry '{entry.FullName}' has a NUL character in its name.";
        }
        // Unix mode bits live in the high 16 bits of the external attributes; 0xA000 marks a symbolic link.
        var unixMode = (entry.ExternalAttributes >> 16) & 0xF000;
        if (unixMode == 0xA000)
        {
            return $"Entry '{entry.FullName}' is a symbolic link; links are refused.";
        }
        return null;
    }

    private static byte[]? ReadBounded(ZipArchiveEntry entry, long limit)
    {
        using var stream = entry.Open();
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
