namespace Conifer.Store.Format;

/// <summary>The outcome of checking one frame on its own.</summary>
internal enum FrameStatus
{
    Valid,
    Truncated,
    BadLength,
    BadKind,
    BadChecksum,
}
