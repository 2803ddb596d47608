using System.Collections.Immutable;
using System.Diagnostics;
using System.Text.Json;
using Conifer.Runtime.Reports;

namespace Conifer.Runtime.Verification;

/// <summary>
/// <c>conifer store verify DIR --replay --other-environment</c>: replays a store's log here and again in a child
/// process whose environment differs in every way a second machine's could (time zone, locale, globalization
/// mode, instruction sets, JIT tiers, GC mode, processor count, stack size), and compares the two states record
/// by record. It does not depend on knowing the next way app code could read its machine: whatever it reads, a
/// difference shows at the first record it changes.
/// </summary>
public static class OtherEnvironmentReplay
{
    /// <summary>The environment of the other process: each variable set against what a default machine has.</summary>
    public static ImmutableSortedDictionary<string, string> Variables { get; } = new Dictionary<string, string>
    {
        // A zone with a 45-minute offset and daylight saving, and a locale whose casing and number format differ.
        ["TZ"] = "Pacific/Chatham",
        ["LANG"] = "tr_TR.UTF-8",
        ["LC_ALL"] = "tr_TR.UTF-8",
        // A machine without ICU. (With it set to false, Conifer does not load apps at all: InvariantGlobalization.)
        ["DOTNET_SYSTEM_GLOBALIZATION_INVARIANT"] = "true",
        ["DOTNET_SYSTEM_GLOBALIZATION_PREDEFINED_CULTURES_ONLY"] = "false",
        // A CPU without vector instructions: Vector<T> is narrower, estimates and hardware paths change.
        ["DOTNET_EnableHWIntrinsic"] = "0",
        ["DOTNET_EnableAVX"] = "0",
        ["DOTNET_EnableAVX2"] = "0",
        ["DOTNET_EnableAVX512F"] = "0",
        // Fully optimized code from the start (other inlining, no tier-0 frames) and no dynamic PGO.
        ["DOTNET_TieredCompilation"] = "0",
        ["DOTNET_TieredPGO"] = "0",
        ["DOTNET_ReadyToRun"] = "0",
        // Another garbage collector and another machine size.
        ["DOTNET_gcServer"] = "1",
        ["DOTNET_GCgen0size"] = "400000",
        ["DOTNET_PROCESSOR_COUNT"] = "1",
        // A smaller thread stack (hex bytes: 1 MiB).
        ["DOTNET_DefaultStackSize"] = "100000",
    }.ToImmutableSortedDictionary(StringComparer.Ordinal);

    /// <summary>
    /// Replays each store here and all of them in one other-environment child, started as <paramref name="command"/>
    /// followed by <c>store replay-trace DIR…</c>, and compares them record by record.
    /// </summary>
    /// <param name="stores">The store directories; running servers may hold them.</param>
    /// <param name="command">How to start the <c>conifer</c> CLI (the program and any leading arguments).</param>
    /// <param name="timeout">How long the child may take for all the stores.</param>
    /// <param name="hereInChild">Replay "here" in a child with this process's own environment too, rather than in this
    /// process (a test host is not the CLI: its runtime configuration could differ from the one the server runs with).</param>
    public static async Task<IReadOnlyList<OtherEnvironmentReport>> RunAsync(
        IReadOnlyList<string> stores, ImmutableArray<string> command, TimeSpan timeout, bool hereInChild = false)
    {
        var there = RunChildAsync(stores, command, Variables, timeout);
        var here = new List<TracedReplay?>();
        string? hereError = null;
        if (hereInChild)
        {
            var (replays, error) = await RunChildAsync(stores, command, ImmutableSortedDictionary<string, string>.Empty, timeout).ConfigureAwait(false);
            here.AddRange(stores.Select(replays.GetValueOrDefault));
            hereError = error;
        }
        else
        {
            foreach (var store in stores)
            {
                here.Add(await TracedReplay.RunAsync(store).ConfigureAwait(false));
            }
        }
        var (others, otherError) = await there.ConfigureAwait(false);
        return [.. stores.Select((store, i) => Compare(here[i] ?? new TracedReplay(store, null, [], hereError ?? "the replay here printed nothing"), others.GetValueOrDefault(store), otherError))];
    }

    /// <summary>Compares two traces of one store record by record; the first difference (or the first record one of them lacks) is the report's.</summary>
    internal static OtherEnvironmentReport Compare(TracedReplay here, TracedReplay? there, string? childError)
    {
        if (there is null || there.Error is not null || here.Error is not null)
        {
            var error = here.Error is { } own ? $"the replay here failed: {own}" : there?.Error ?? childError ?? "the other process printed nothing for this store";
            return new OtherEnvironmentReport(Variables, 0, null, null, there?.Report, error);
        }
        var count = Math.Min(here.Trace.Count, there.Trace.Count);
        for (var i = 0; i < count; i++)
        {
            if (here.Trace[i] != there.Trace[i])
            {
                return new OtherEnvironmentReport(Variables, i, here.Trace[i], there.Trace[i], there.Report, null);
            }
        }
        if (here.Trace.Count != there.Trace.Count)
        {
            return new OtherEnvironmentReport(Variables, count, here.Trace.ElementAtOrDefault(count), there.Trace.ElementAtOrDefault(count), there.Report, null);
        }
        return new OtherEnvironmentReport(Variables, count, null, null, there.Report, null);
    }

    private static async Task<(Dictionary<string, TracedReplay> Replays, string? Error)> RunChildAsync(
        IReadOnlyList<string> stores, ImmutableArray<string> command, ImmutableSortedDictionary<string, string> environment, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(command[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in command.Skip(1).Concat(["store", "replay-trace"]).Concat(stores))
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{command[0]} did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return ([], $"the other process did not finish within {timeout.TotalSeconds:0} s");
        }
        var replays = new Dictionary<string, TracedReplay>(StringComparer.Ordinal);
        foreach (var line in (await stdout.ConfigureAwait(false)).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (JsonSerializer.Deserialize<TracedReplay>(line, ReportJson.Options) is { } traced)
            {
                replays[traced.Store] = traced;
            }
        }
        return (replays, process.ExitCode == 0 ? null : $"the other process exited with {process.ExitCode}: {(await stderr.ConfigureAwait(false)).Trim()}");
    }
}
