using System.Collections.Immutable;

namespace Conifer.Runtime.Deploy;

/// <summary>What the proving child process reports back (as JSON) about a migration or init it ran.</summary>
/// <param name="Ok">Whether the migration returned a state that maps to the new <c>State</c>.</param>
/// <param name="Error">Why not, in one sentence.</param>
/// <param name="Mismatches">Lenient-check mismatches reading the stored state as <c>Prev</c>.</param>
/// <param name="Exception">The exception with its stack trace, when the user code threw.</param>
/// <param name="NewStateBytes">The size of the encoded new state.</param>
public sealed record ProofOutcome(bool Ok, string? Error, ImmutableArray<string> Mismatches, string? Exception, long NewStateBytes)
{
    /// <summary>The stored fields the read ignored, as the report's warnings.</summary>
    public ImmutableArray<string> Warnings { get; init; } = [];
}
