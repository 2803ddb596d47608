namespace Conifer.Server;

/// <summary>Where the hosted process is in its life.</summary>
public enum ProcessStatus
{
    /// <summary>The store is being opened and replayed; the public URL does not listen yet.</summary>
    Restoring,
    /// <summary>The state is restored and the public app is served.</summary>
    Ready,
    /// <summary>The restore failed; the admin interface stays up so that a fix can be deployed.</summary>
    Failed,
    /// <summary>A warm standby: it follows the primary's log and serves nothing until it takes over.</summary>
    Standby,
    /// <summary>The process lost its lease or was fenced by a newer primary: it serves nothing and exits.</summary>
    Fenced,
}
