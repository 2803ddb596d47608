namespace Conifer.Store.Exceptions;

/// <summary>
/// The store folder cannot be written (a read-only mount, missing permissions): a writable open needs to create and
/// lock files there. Distinct from <see cref="StoreLockedException"/>, whose cure (stop the other owner) differs.
/// </summary>
public sealed class StoreNotWritableException : Exception
{
    /// <summary>Creates the exception naming the folder and what the OS said.</summary>
    public StoreNotWritableException(string directory, Exception cause)
        : base($"The process store '{directory}' cannot be written ({cause.Message}). Opening it to run a server or change it needs write access: " +
            "check that the folder is not on a read-only mount and that this user may write it. Commands that only read (store verify, state export, history) work on it as it is.", cause)
    {
        Directory = directory;
    }

    /// <summary>The store directory.</summary>
    public string Directory { get; }
}
