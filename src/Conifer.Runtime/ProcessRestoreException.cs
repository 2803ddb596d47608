namespace Conifer.Runtime;

/// <summary>
/// The stored process cannot be restored: a version that no longer loads, a missing blob, a
/// replayed event the app now rejects. The message names the record and what to do; the admin
/// interface stays up so that a fix can be deployed.
/// </summary>
public sealed class ProcessRestoreException : Exception
{
    /// <summary>Creates the exception with a message naming the record and the cause.</summary>
    public ProcessRestoreException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public ProcessRestoreException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
