using System.Reflection;
using System.Runtime.Loader;

namespace Conifer.Compiler.Loading;

/// <summary>
/// The collectible load context of one app version. It resolves nothing itself: every
/// reference (the framework, <c>Conifer.App</c>, <c>System.Collections.Immutable</c>) falls
/// back to the default context, so the app's <c>Commands</c> and event types are the host's.
/// </summary>
internal sealed class AppLoadContext(string versionId) : AssemblyLoadContext($"conifer-app-{versionId}", isCollectible: true)
{
    protected override Assembly? Load(AssemblyName assemblyName) => null;
}
