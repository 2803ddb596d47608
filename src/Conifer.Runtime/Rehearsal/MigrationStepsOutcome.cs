using System.Collections.Immutable;
using Conifer.App;

namespace Conifer.Runtime.Rehearsal;

/// <summary>The outcome of a deploy's steps 3–4 (<see cref="MigrationSteps"/>): a new state ready to persist, or why not.</summary>
internal abstract record MigrationStepsOutcome
{
    private MigrationStepsOutcome()
    {
    }

    /// <summary>Init or Migrate returned and the new state encodes as the new <c>State</c>.</summary>
    public sealed record Passed(object NewState, Commands Commands, byte[] NewBytes) : MigrationStepsOutcome
    {
        /// <summary>The stored fields the read ignored (<see cref="Conifer.Values.Lenient.IgnoredField"/>), as the report's warnings.</summary>
        public ImmutableArray<string> Ignored { get; init; } = [];
    }

    /// <summary>A step failed; nothing may change.</summary>
    public sealed record Rejected(string Error, ImmutableArray<string> Mismatches, string? MigrationException) : MigrationStepsOutcome;
}
