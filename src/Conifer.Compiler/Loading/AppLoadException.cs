namespace Conifer.Compiler.Loading;

/// <summary>
/// A compiled assembly does not match the shape recorded for it (a type or method is missing).
/// Only possible when cached bytes and shape disagree, which the cache's hash check prevents.
/// </summary>
public sealed class AppLoadException(string versionId, string detail)
    : Exception($"App version {versionId} cannot be loaded: {detail}.")
{
    /// <summary>The version that failed to load.</summary>
    public string VersionId { get; } = versionId;
}
