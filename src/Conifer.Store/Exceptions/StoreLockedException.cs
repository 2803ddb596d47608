namespace Conifer.Store.Exceptions;

/// <summary>Another live process owns the store: one process at a time may write to a store.</summary>
public sealed class StoreLockedException : Exception
{
    /// <summary>Creates the exception naming the store and the owner.</summary>
    public StoreLockedException(string directory, int? ownerProcessId)
        : base(ownerProcessId is { } pid
            ? $"The process store '{directory}' is in use by process {pid}; stop it or use a read-only open."
            : $"The process store '{directory}' is in use by another process; stop it or use a read-only open.")
    {
        Directory = directory;
        OwnerProcessId = ownerProcessId;
    }

    /// <summary>The store directory.</summary>
    public string Directory { get; }

    /// <summary>The process id the owner wrote next to the lock, when it could be read.</summary>
    public int? OwnerProcessId { get; }
}
