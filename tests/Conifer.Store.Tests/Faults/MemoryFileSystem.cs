using Conifer.Store.IO;

namespace Conifer.Store.Tests.Faults;

/// <summary>
/// An in-memory file system that models what a power loss keeps: file bytes are durable only after Sync, names
/// only after SyncDirectory. It counts mutating operations, can crash at the k-th one, and can fail any one
/// (disk full, EIO) without crashing.
/// </summary>
public sealed class MemoryFileSystem : IStoreFileSystem
{
    private readonly object _gate = new();
    private readonly Dictionary<string, MemoryFile> _names = new(StringComparer.Ordinal);
    private readonly Dictionary<string, MemoryFile> _durableNames = new(StringComparer.Ordinal);
    private readonly HashSet<string> _directories = new(StringComparer.Ordinal);
    private int _operations;
    private bool _crashed;

    /// <summary>Crash when the operation count reaches this number (1-based); 0 never crashes.</summary>
    public int CrashAt { get; set; }

    /// <summary>Called before each mutating operation; a returned exception is thrown instead of doing it (no crash).</summary>
    public Func<FsOperation, string, Exception?>? Inject { get; set; }

    public int Operations
    {
        get
        {
            lock (_gate)
            {
                return _operations;
            }
        }
    }

    public bool Crashed
    {
        get
        {
            lock (_gate)
            {
                return _crashed;
            }
        }
    }

    /// <summary>The disk as a reboot after the crash would find it.</summary>
    public MemoryFileSystem AfterCrash(CrashMode mode, Random random)
    {
        lock (_gate)
        {
            var next = new MemoryFileSystem();
            next._directories.UnionWith(_directories);
            var names = mode == CrashMode.Keep ? _names : _durableNames;
            var copies = new Dictionary<MemoryFile, MemoryFile>();
            foreach (var (path, file) in names)
            {
                if (!copies.TryGetValue(file, out var copy))
                {
                    var bytes = mode switch
                    {
                        CrashMode.Keep => file.Current.ToArray(),
                        CrashMode.Drop => file.Durable.ToArray(),
                        CrashMode.Tear => Tear(file, random),
                        _ => throw new InvalidOperationException($"{nameof(AfterCrash)}: unhandled mode {mode}"),
                    };
                    copy = new MemoryFile(bytes);
                    copies[file] = copy;
                }

                next._names[path] = copy;
                next._durableNames[path] = copy;
            }

            return next;
        }
    }

    public byte[] ReadAllBytes(string path)
    {
        lock (_gate)
        {
            return [.. _names[path].Current];
        }
    }

    public void WriteAllBytes(string path, byte[] bytes)
    {
        lock (_gate)
        {
            var file = new MemoryFile(bytes);
            _names[path] = file;
            _durableNames[path] = file;
        }
    }

    public IStoreFile Open(string path, StoreFileMode mode)
    {
        lock (_gate)
        {
            ThrowIfCrashed();
            switch (mode)
            {
                case StoreFileMode.CreateNew:
                    Step(FsOperation.Create, path);
                    if (_names.ContainsKey(path))
                    {
                        throw new IOException($"'{path}' already exists.");
                    }

                    var created = new MemoryFile([]);
                    _names[path] = created;
                    return new Handle(this, created, writable: true);
                case StoreFileMode.OpenReadWrite:
                case StoreFileMode.OpenRead:
                    return _names.TryGetValue(path, out var file)
                        ? new Handle(this, file, mode == StoreFileMode.OpenReadWrite)
                        : throw new FileNotFoundException($"'{path}' does not exist.", path);
                default:
                    throw new ArgumentOutOfRangeException(nameof(mode), mode, $"{nameof(MemoryFileSystem)}.{nameof(Open)}: unhandled mode");
            }
        }
    }

    public bool FileExists(string path)
    {
        lock (_gate)
        {
            ThrowIfCrashed();
            return _names.ContainsKey(path);
        }
    }

    public bool DirectoryExists(string path)
    {
        lock (_gate)
        {
            ThrowIfCrashed();
            return _directories.Contains(path);
        }
    }

    public void CreateDirectory(string path)
    {
        lock (_gate)
        {
            ThrowIfCrashed();
            _directories.Add(path);
        }
    }

    public IReadOnlyList<string> ListFiles(string directory)
    {
        lock (_gate)
        {
            ThrowIfCrashed();
            return [.. _names.Keys.Where(p => Path.GetDirectoryName(p) == directory).Select(p => Path.GetFileName(p)).Order(StringComparer.Ordinal)];
        }
    }

    public void Rename(string source, string destination)
    {
        lock (_gate)
        {
            ThrowIfCrashed();
            Step(FsOperation.Rename, source);
            if (!_names.Remove(source, out var file))
            {
                throw new FileNotFoundException($"'{source}' does not exist.", source);
            }

            _names[destination] = file;
        }
    }

    public void Delete(string path)
    {
        lock (_gate)
        {
            ThrowIfCrashed();
            if (_names.ContainsKey(path))
            {
                Step(FsOperation.Delete, path);
                _names.Remove(path);
            }
        }
    }

    public void SyncDirectory(string directory)
    {
        lock (_gate)
        {
            ThrowIfCrashed();
            Step(FsOperation.SyncDirectory, directory);
            foreach (var path in _durableNames.Keys.Where(p => Path.GetDirectoryName(p) == directory).ToList())
            {
                _durableNames.Remove(path);
            }

            foreach (var (path, file) in _names.Where(p => Path.GetDirectoryName(p.Key) == directory))
            {
                _durableNames[path] = file;
            }
        }
    }

    public IDisposable? TryLock(string path, out int? ownerProcessId)
    {
        ownerProcessId = Environment.ProcessId;
        return new Released();
    }

    private static byte[] Tear(MemoryFile file, Random random)
    {
        var durable = file.Durable;
        var current = file.Current;
        var appendOnly = current.Count >= durable.Length && current.Take(durable.Length).SequenceEqual(durable);
        if (!appendOnly)
        {
            return random.Next(2) == 0 ? [.. durable] : [.. current];
        }

        var keep = random.Next(durable.Length, current.Count + 1);
        var bytes = current.Take(keep).ToArray();
        if (keep - durable.Length > 64 && random.Next(2) == 0)
        {
            // Pages of one write reach the disk in any order: zero one of the unsynced ones.
            var start = random.Next(durable.Length, keep - 32);
            Array.Clear(bytes, start, Math.Min(512, keep - start));
        }

        return bytes;
    }

    private void ThrowIfCrashed()
    {
        if (_crashed)
        {
            throw new SimulatedCrashException("The simulated process has crashed.");
        }
    }

    private void Step(FsOperation operation, string path)
    {
        _operations++;
        if (CrashAt > 0 && _operations >= CrashAt)
        {
            _crashed = true;
            throw new SimulatedCrashException($"Simulated crash at operation {_operations} ({operation} {path}).");
        }

        if (Inject?.Invoke(operation, path) is { } failure)
        {
            throw failure;
        }
    }

    private sealed class Released : IDisposable
    {
        public void Dispose()
        {
        }
    }

    private sealed class MemoryFile(byte[] bytes)
    {
        public List<byte> Current { get; } = [.. bytes];

        public byte[] Durable { get; set; } = bytes;
    }

    private sealed class Handle(MemoryFileSystem owner, MemoryFile file, bool writable) : IStoreFile
    {
        public long Length
        {
            get
            {
                lock (owner._gate)
                {
                    owner.ThrowIfCrashed();
                    return file.Current.Count;
                }
            }
        }

        public int Read(long offset, Span<byte> buffer)
        {
            lock (owner._gate)
            {
                owner.ThrowIfCrashed();
                var count = (int)Math.Max(0, Math.Min(buffer.Length, file.Current.Count - offset));
                for (var i = 0; i < count; i++)
                {
                    buffer[i] = file.Current[(int)offset + i];
                }

                return count;
            }
        }

        public void Write(long offset, ReadOnlySpan<byte> data)
        {
            lock (owner._gate)
            {
                owner.ThrowIfCrashed();
                EnsureWritable();
                owner.Step(FsOperation.Write, "file");
                while (file.Current.Count < offset + data.Length)
                {
                    file.Current.Add(0);
                }

                for (var i = 0; i < data.Length; i++)
                {
                    file.Current[(int)offset + i] = data[i];
                }
            }
        }

        public void Sync()
        {
            lock (owner._gate)
            {
                owner.ThrowIfCrashed();
                EnsureWritable();
                owner.Step(FsOperation.Sync, "file");
                file.Durable = [.. file.Current];
            }
        }

        public void SetLength(long length)
        {
            lock (owner._gate)
            {
                owner.ThrowIfCrashed();
                EnsureWritable();
                owner.Step(FsOperation.SetLength, "file");
                if (length < file.Current.Count)
                {
                    file.Current.RemoveRange((int)length, file.Current.Count - (int)length);
                }

                while (file.Current.Count < length)
                {
                    file.Current.Add(0);
                }
            }
        }

        public void Dispose()
        {
        }

        private void EnsureWritable()
        {
            if (!writable)
            {
                throw new InvalidOperationException("The file was opened for reading only.");
            }
        }
    }
}
