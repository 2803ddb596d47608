using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;

namespace Conifer.Compiler;

/// <summary>
/// The C# files of one app version and the version id that names it. Built from a folder or
/// from an in-memory file map (a deploy arrives as a zip); both apply the same rules: only
/// <c>.cs</c> files count, and anything under <c>bin/</c>, <c>obj/</c> or a folder whose name
/// starts with a dot is ignored, so building the app in an IDE never changes its id.
/// </summary>
public sealed class AppSource
{
    private AppSource(ImmutableArray<AppSourceFile> files)
    {
        Files = files;
        VersionId = ComputeVersionId(files);
    }

    /// <summary>The files, sorted by <see cref="AppSourceFile.Path"/> (ordinal).</summary>
    public ImmutableArray<AppSourceFile> Files { get; }

    /// <summary>
    /// Lower-case hex SHA-256 over the sorted files, each framed as
    /// (4-byte big-endian path length, UTF-8 path, 8-byte big-endian content length, content),
    /// after a 4-byte big-endian file count. The framing is unambiguous: no two different file
    /// sets hash the same bytes, and moving or renaming a file changes the id.
    /// </summary>
    public string VersionId { get; }

    /// <summary>Reads the app folder at <paramref name="directory"/>.</summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public static AppSource FromDirectory(string directory)
    {
        var root = Path.GetFullPath(directory);
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"App source folder '{root}' does not exist.");
        }
        return FromBytes(FilesIn(root).Select(f => KeyValuePair.Create(f.RelativePath, File.ReadAllBytes(f.FullPath))));
    }

    /// <summary>
    /// The files of a source folder that count (see <see cref="Counts"/>), ordinal by relative path. A symbolic
    /// link, to a file or a folder, that leads outside the folder is refused: a deploy must never carry a file from
    /// elsewhere on the machine (a key, a password file) into a store and its backups. Links within the folder are
    /// read where they lead; a linked folder is not walked twice.
    /// </summary>
    /// <exception cref="IOException">A link leads outside the folder (the message names it and its target).</exception>
    public static IReadOnlyList<(string FullPath, string RelativePath)> FilesIn(string directory)
    {
        var root = Path.GetFullPath(directory);
        var files = new List<(string FullPath, string RelativePath)>();
        Collect(root, root, files);
        files.Sort((a, b) => string.CompareOrdinal(a.RelativePath, b.RelativePath));
        return files;
    }

    /// <summary>Builds a source from relative paths and texts (stored as UTF-8 without a byte order mark).</summary>
    public static AppSource FromTexts(IEnumerable<KeyValuePair<string, string>> files) =>
        FromBytes(files.Select(f => KeyValuePair.Create(f.Key, Encoding.UTF8.GetBytes(f.Value))));

    /// <summary>
    /// Builds a source from relative paths and file bytes, e.g. the entries of a deploy zip.
    /// Paths may use <c>\</c> or <c>/</c>; ignored paths (non-<c>.cs</c>, <c>bin/</c>, <c>obj/</c>, dot-folders) are dropped.
    /// </summary>
    /// <exception cref="ArgumentException">A path is absolute, contains <c>..</c>, or occurs twice.</exception>
    public static AppSource FromBytes(IEnumerable<KeyValuePair<string, byte[]>> files)
    {
        var kept = new SortedDictionary<string, AppSourceFile>(StringComparer.Ordinal);
        foreach (var (rawPath, content) in files)
        {
            var path = NormalizePath(rawPath);
            if (!Counts(path))
            {
                continue;
            }
            if (!kept.TryAdd(path, new AppSourceFile(path, [.. content])))
            {
                throw new ArgumentException($"App source file '{path}' occurs twice.", nameof(files));
            }
        }
        return new AppSource([.. kept.Values]);
    }

    /// <summary>True when a relative path (with <c>/</c> separators) is part of an app's source.</summary>
    public static bool Counts(string relativePath)
    {
        if (!relativePath.EndsWith(".cs", StringComparison.Ordinal))
        {
            return false;
        }
        var segments = relativePath.Split('/');
        for (var i = 0; i < segments.Length - 1; i++)
        {
            var folder = segments[i];
            if (folder.StartsWith('.') || folder is "bin" or "obj")
            {
                return false;
            }
        }
        return !segments[^1].StartsWith('.');
    }

    /// <summary>These files with <paramref name="replacements"/> added or overwritten (same path rules).</summary>
    public AppSource With(IEnumerable<KeyValuePair<string, string>> replacements)
    {
        var map = Files.ToDictionary(f => f.Path, f => f.Content.ToArray(), StringComparer.Ordinal);
        foreach (var (path, text) in replacements)
        {
            map[NormalizePath(path)] = Encoding.UTF8.GetBytes(text);
        }
        return FromBytes(map);
    }

    /// <summary>These files without those for which <paramref name="drop"/> is true.</summary>
    public AppSource Without(Func<string, bool> drop) =>
        new([.. Files.Where(f => !drop(f.Path))]);

    private static string NormalizePath(string rawPath)
    {
        var path = rawPath.Replace('\\', '/');
        while (path.StartsWith("./", StringComparison.Ordinal))
        {
            path = path[2..];
        }
        if (path.Length == 0 || path.StartsWith('/') || Path.IsPathRooted(path) || path.Split('/').Any(s => s is ".." or ""))
        {
            throw new ArgumentException($"App source path '{rawPath}' must be relative, without '..' or empty segments.", nameof(rawPath));
        }
        return path;
    }

    private static void Collect(string root, string directory, List<(string FullPath, string RelativePath)> files)
    {
        foreach (var file in Directory.EnumerateFiles(directory, "*.cs"))
        {
            var relative = Path.GetRelativePath(root, file).Replace(Path.DirectorySeparatorChar, '/');
            if (Counts(relative))
            {
                RefuseLinkOutside(root, new FileInfo(file), relative);
                files.Add((file, relative));
            }
        }
        foreach (var sub in Directory.EnumerateDirectories(directory))
        {
            var name = Path.GetFileName(sub);
            if (!name.StartsWith('.') && name is not ("bin" or "obj"))
            {
                var info = new DirectoryInfo(sub);
                if (info.LinkTarget is not null)
                {
                    // Its target, when inside the folder, is walked under its own name.
                    RefuseLinkOutside(root, info, Path.GetRelativePath(root, sub).Replace(Path.DirectorySeparatorChar, '/'));
                    continue;
                }
                Collect(root, sub, files);
            }
        }
    }

    private static void RefuseLinkOutside(string root, FileSystemInfo entry, string relative)
    {
        if (entry.LinkTarget is null)
        {
            return;
        }
        var target = entry.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? Path.GetFullPath(entry.LinkTarget, Path.GetDirectoryName(entry.FullName)!);
        var inside = Path.GetRelativePath(root, target);
        if (inside == ".." || inside.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal) || Path.IsPathRooted(inside))
        {
            throw new IOException($"'{relative}' in the source folder is a symbolic link to '{target}', outside the folder; a deploy only takes files that are inside it. Copy the file in instead.");
        }
    }

    private static string ComputeVersionId(ImmutableArray<AppSourceFile> files)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteInt32BigEndian(length, files.Length);
        hash.AppendData(length[..4]);
        foreach (var file in files)
        {
            var path = Encoding.UTF8.GetBytes(file.Path);
            BinaryPrimitives.WriteInt32BigEndian(length, path.Length);
            hash.AppendData(length[..4]);
            hash.AppendData(path);
            BinaryPrimitives.WriteInt64BigEndian(length, file.Content.Length);
            hash.AppendData(length);
            hash.AppendData(file.Content.AsSpan());
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
