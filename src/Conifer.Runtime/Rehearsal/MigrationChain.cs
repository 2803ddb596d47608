using System.Collections.Immutable;
using Conifer.Compiler;

namespace Conifer.Runtime.Rehearsal;

/// <summary>
/// Which of a new version's migration steps turn a stored state of a given version into the new
/// <c>State</c> (docs/runtime.md, "Version-bound migrations"). Steps are chosen by their
/// <c>[MigratesFrom]</c> stamps, so a migration never runs on a state it was not written for, and a
/// state several versions old goes through every step from its own version on.
/// </summary>
public abstract record MigrationChain
{
    private MigrationChain()
    {
    }

    /// <summary>Run these steps, oldest first, on the stored state read as the first one's parameter type; none: read it as the new <c>State</c>.</summary>
    /// <param name="Steps">The steps to run (a suffix of the app's history).</param>
    /// <param name="Start">The index of the first of them in <see cref="LoadedApp.Migrations"/> (its length when there are none).</param>
    public sealed record Run(ImmutableArray<LoadedMigration> Steps, int Start) : MigrationChain;

    /// <summary>No chain reaches the stored state's version; <paramref name="Error"/> names the versions and what to do.</summary>
    public sealed record Missing(string Error) : MigrationChain;

    /// <summary>
    /// Plans the migration of a state of version <paramref name="storedVersionId"/> to <paramref name="app"/>.
    /// </summary>
    /// <param name="app">The new version.</param>
    /// <param name="storedVersionId">The version the stored state belongs to; null when unknown (a hand-written state file).</param>
    /// <param name="storedApp">That version, loaded, when at hand (a deploy has it): a state of a version that already ran some of
    /// the steps continues after the newest of them.</param>
    public static MigrationChain Plan(LoadedApp app, string? storedVersionId, LoadedApp? storedApp)
    {
        ArgumentNullException.ThrowIfNull(app);
        var steps = app.Migrations;
        if (steps.IsEmpty || storedVersionId == app.VersionId)
        {
            return From(steps, steps.Length);
        }
        var stamped = storedVersionId is null ? -1 : steps.IndexOf(steps.FirstOrDefault(s => s.Shape.FromVersionId == storedVersionId)!);
        if (stamped >= 0)
        {
            return From(steps, stamped);
        }
        // The stored version was built with some of these steps: its state is what the newest of them returned.
        if (storedApp is { Migrations: [.., var last] } && last.Shape.FromVersionId is { } ran
            && steps.FirstOrDefault(s => s.Shape.FromVersionId == ran) is { } known)
        {
            return From(steps, steps.IndexOf(known) + 1);
        }
        // A migration without a stamp is applied to whatever is stored, as long as it fits (the lenient check decides).
        if (storedVersionId is null || steps[^1].Shape.FromVersionId is null)
        {
            return From(steps, steps.Length - 1);
        }
        return new Missing(MissingText(steps, storedVersionId));
    }

    private static Run From(ImmutableArray<LoadedMigration> steps, int start) => new(steps[start..], start);

    private static string MissingText(ImmutableArray<LoadedMigration> steps, string stored)
    {
        if (steps.Length == 1)
        {
            var step = steps[0].Shape;
            return $"The migration ({step.Location}) migrates from version {Short(step.FromVersionId)}, but the state is at version {Short(stored)}. " +
                $"Deploy version {Short(step.FromVersionId)} first, or scaffold the migration again from the running version (conifer migrate scaffold SRC --from HOST).";
        }
        var from = string.Join(", ", steps.Select(s => $"{s.Shape.Name} from {Short(s.Shape.FromVersionId)}"));
        return $"No migration step migrates from version {Short(stored)}, the version of the state (the steps: {from}); the step from {Short(stored)} is missing. " +
            $"Scaffold it (conifer migrate scaffold SRC --from HOST adds a step from the running version), or migrate the state through a version the history starts from.";
    }

    private static string Short(string? id) => id is null ? "(unstamped)" : id[..Math.Min(12, id.Length)];
}
