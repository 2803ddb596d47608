using Conifer.Runtime.Log;

namespace Conifer.Runtime.Admin;

/// <summary>What an admin function or script computed from the state, before the writer decides whether to log it.</summary>
internal abstract record AdminComputation
{
    private AdminComputation()
    {
    }

    /// <summary>Done: a read's value or a refusal; nothing to log.</summary>
    public sealed record Finished(AdminCallResult Result) : AdminComputation;

    /// <summary>An update: the new state, and the record that makes replay reach it again.</summary>
    public sealed record Update(object? NewState, AdminRecord Record) : AdminComputation;
}
