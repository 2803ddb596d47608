using System.Collections.Immutable;

namespace Conifer.Runtime.Deploy;

/// <summary>The parent's verdict on a proving run.</summary>
internal abstract record ProofResult
{
    private ProofResult()
    {
    }

    /// <summary>The migration (or init) returned a storable state in the child process.</summary>
    public sealed record Passed(double Milli, long NewStateBytes, ProvenResult Result, ImmutableArray<string> Warnings) : ProofResult;

    /// <summary>It failed: threw, did not fit, crashed the child, or ran past its limits.</summary>
    public sealed record Failed(double Milli, string Error, ImmutableArray<string> Mismatches, string? Exception) : ProofResult;
}
