using System.Collections.Immutable;
using System.Globalization;

namespace Conifer.Runtime.Deploy;

/// <summary>
/// The arguments of the proving child process (<see cref="ProvingRun"/>): one typed definition that the
/// parent turns into a command line (<see cref="ToArguments"/>) and the child's hidden CLI command reads
/// back (<see cref="Parse"/>), so the two sides cannot drift apart.
/// </summary>
/// <param name="CompiledDirectory">The compiled-assembly cache holding the new version.</param>
/// <param name="VersionId">The new version.</param>
/// <param name="Mode"><see cref="DeployMode.Init"/> runs <c>Init</c>; <see cref="DeployMode.Migrate"/> reads <paramref name="StatePath"/> and runs the chain.</param>
/// <param name="ChainStart">The index in the new version's migration steps where the chain starts (<see cref="Rehearsal.MigrationChain.Run.Start"/>).</param>
/// <param name="StatePath">The stored state document; null for <see cref="DeployMode.Init"/>.</param>
/// <param name="OutPath">Where the child writes its <see cref="ProofOutcome"/>.</param>
public sealed record ProvingArguments(string CompiledDirectory, string VersionId, DeployMode Mode, int ChainStart, string? StatePath, string OutPath)
{
    /// <summary>How many arguments follow <see cref="ProvingRun.CommandName"/>.</summary>
    public const int Count = 6;

    /// <summary>The arguments after <see cref="ProvingRun.CommandName"/>, in order.</summary>
    public ImmutableArray<string> ToArguments() =>
        [CompiledDirectory, VersionId, Mode.ToString(), ChainStart.ToString(CultureInfo.InvariantCulture), StatePath ?? "-", OutPath];

    /// <summary>Reads what <see cref="ToArguments"/> wrote.</summary>
    /// <exception cref="FormatException">The arguments are not what a parent writes.</exception>
    public static ProvingArguments Parse(IReadOnlyList<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        if (arguments.Count != Count
            || !Enum.TryParse<DeployMode>(arguments[2], out var mode) || mode is not (DeployMode.Migrate or DeployMode.Init)
            || !int.TryParse(arguments[3], NumberStyles.None, CultureInfo.InvariantCulture, out var start))
        {
            throw new FormatException($"{ProvingRun.CommandName} takes COMPILED_CACHE VERSION Migrate|Init CHAIN_START STATE|- OUT, not: {string.Join(' ', arguments)}");
        }
        return new ProvingArguments(arguments[0], arguments[1], mode, start, arguments[4] == "-" ? null : arguments[4], arguments[5]);
    }
}
