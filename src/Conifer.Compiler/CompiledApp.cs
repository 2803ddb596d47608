using System.Collections.Immutable;
using Conifer.Compiler.Loading;
using Conifer.Compiler.Metering;

namespace Conifer.Compiler;

/// <summary>An app version that compiled and passed every rule: its assembly bytes and shape.</summary>
/// <param name="VersionId">The <see cref="AppSource.VersionId"/> of the source.</param>
/// <param name="AssemblyBytes">The emitted assembly (deterministic: the same source gives the same bytes).</param>
/// <param name="Shape">What the compiler found in the app.</param>
public sealed record CompiledApp(string VersionId, ImmutableArray<byte> AssemblyBytes, AppShape Shape)
{
    /// <summary>
    /// Loads the assembly into its own collectible load context and builds the invokers once.
    /// <c>Conifer.App</c> and the framework resolve from the default context, so
    /// <c>Commands</c> and the event types are the host's own types.
    /// </summary>
    /// <exception cref="AppLoadException">The assembly does not contain the types and methods <see cref="Shape"/> names.</exception>
    public LoadedApp Load() => AppLoader.Load(this);

    /// <summary>
    /// Whether the assembly calls the execution budget (docs/runtime.md, "Runaway app code"). Every
    /// app the compiler builds is metered unless its metering rewrite failed to compile, in which
    /// case it was emitted as written and runaway code in it cannot be stopped.
    /// </summary>
    public bool IsMetered => AppMetering.References(AssemblyBytes);
}
