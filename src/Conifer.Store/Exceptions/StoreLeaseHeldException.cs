namespace Conifer.Store.Exceptions;

/// <summary>Another process holds the writer's lease of a replicated store and did not let it lapse in time.</summary>
public sealed class StoreLeaseHeldException(string location, string app, string? holder, string? publicUrl)
    : Exception($"The app '{app}' in '{location}' has a live writer{(holder is null ? "" : $" ({holder}{(publicUrl is null ? "" : $", serving {publicUrl}")})")}; only one process writes at a time. Stop it, or run this one with --standby to take over when its lease lapses.")
{
    /// <summary>Who holds the lease, as it announced itself.</summary>
    public string? Holder { get; } = holder;

    /// <summary>The public URL the holder serves, when it gave one.</summary>
    public string? PublicUrl { get; } = publicUrl;
}
