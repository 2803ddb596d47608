using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Conifer.Runtime.Reports;
using Conifer.Runtime.Writer;

namespace Conifer.Runtime.Deploy;

/// <summary>
/// Runs a deploy's <c>Migrate</c> or <c>Init</c> first in a child process on a copy of the state,
/// with a time and a memory limit, before the live process runs it under the writer. .NET cannot
/// stop a runaway thread or survive a stack overflow, so user code is proven where failing costs
/// nothing: only a migration that completed there is run in the server.
/// </summary>
internal sealed class MigrationProver(ImmutableArray<string> command, RuntimeOptions options)
{
    /// <summary>Time for the child to start and load the version, on top of the migration's own limit.</summary>
    private static readonly TimeSpan StartupAllowance = TimeSpan.FromSeconds(15);

    public async Task<ProofResult> ProveAsync(string compiledDirectory, string versionId, bool init, int chainStart, ProcessState current, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var work = Path.Combine(Path.GetTempPath(), $"conifer-prove-{Guid.NewGuid():N}");
        Directory.CreateDirectory(work);
        try
        {
            string? statePath = null;
            long stateBytes = 0;
            if (!init)
            {
                // The state is immutable: encoding it here, beside the running writer, needs no pause.
                var bytes = current.Version!.State.Encode(current.State);
                stateBytes = bytes.LongLength;
                statePath = Path.Combine(work, "state.cvt");
                await File.WriteAllBytesAsync(statePath, bytes, cancellationToken).ConfigureAwait(false);
            }
            var outPath = Path.Combine(work, "outcome.json");
            var info = new ProcessStartInfo(command[0])
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            foreach (var arg in command.Skip(1))
            {
                info.ArgumentList.Add(arg);
            }
            info.ArgumentList.Add(ProvingRun.CommandName);
            var arguments = new ProvingArguments(compiledDirectory, versionId, init ? DeployMode.Init : DeployMode.Migrate, chainStart, statePath, outPath);
            foreach (var argument in arguments.ToArguments())
            {
                info.ArgumentList.Add(argument);
            }
            var limit = Math.Max(options.MigrationMemoryLimitBytes, stateBytes * 16);
            info.Environment["DOTNET_GCHeapHardLimit"] = "0x" + limit.ToString("X", CultureInfo.InvariantCulture);
            using var child = Process.Start(info) ?? throw new InvalidOperationException("The proving process did not start.");
            var stderr = child.StandardError.ReadToEndAsync(cancellationToken);
            _ = child.StandardOutput.ReadToEndAsync(cancellationToken);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.MigrationTimeout + StartupAllowance);
            try
            {
                await child.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                child.Kill(entireProcessTree: true);
                return Failed(started, $"{What(init)} did not return within {options.MigrationTimeout.TotalSeconds:0.#} s (run in a proving process, which was stopped).");
            }
            if (child.ExitCode != 0 || !File.Exists(outPath))
            {
                var tail = Tail(await stderr.ConfigureAwait(false));
                var cause = tail.Contains("Stack overflow", StringComparison.OrdinalIgnoreCase) ? "overflowed the stack"
                    : tail.Contains("OutOfMemory", StringComparison.OrdinalIgnoreCase) ? "ran out of memory"
                    : $"crashed its proving process (exit code {child.ExitCode})";
                return Failed(started, $"{What(init)} {cause}; the server was never at risk.", exception: tail);
            }
            var outcome = JsonSerializer.Deserialize<ProofOutcome>(await File.ReadAllTextAsync(outPath, cancellationToken).ConfigureAwait(false), ReportJson.Options)
                ?? throw new InvalidDataException("The proving process wrote an empty outcome.");
            return outcome.Ok
                ? new ProofResult.Passed(
                    Stopwatch.GetElapsedTime(started).TotalMilliseconds,
                    outcome.NewStateBytes,
                    new ProvenResult(
                        init ? null : current.State,
                        await File.ReadAllBytesAsync(ProvingRun.NewStatePath(outPath), cancellationToken).ConfigureAwait(false),
                        await File.ReadAllBytesAsync(ProvingRun.CommandsPath(outPath), cancellationToken).ConfigureAwait(false)),
                    outcome.Warnings.IsDefault ? [] : outcome.Warnings)
                : new ProofResult.Failed(Stopwatch.GetElapsedTime(started).TotalMilliseconds, outcome.Error ?? "failed", outcome.Mismatches.IsDefault ? [] : outcome.Mismatches, outcome.Exception);
        }
        finally
        {
            try
            {
                Directory.Delete(work, recursive: true);
            }
            catch (IOException)
            {
                // A temp folder left behind costs nothing but disk; the deploy's outcome stands.
            }
        }
    }

    private static string What(bool init) => init ? "Init" : "Migrate";

    private static ProofResult.Failed Failed(long started, string error, string? exception = null) =>
        new(Stopwatch.GetElapsedTime(started).TotalMilliseconds, error, [], exception);

    private static string Tail(string text)
    {
        var lines = text.Split('\n');
        var builder = new StringBuilder();
        foreach (var line in lines.Take(40))
        {
            builder.AppendLine(line.TrimEnd());
        }
        return builder.ToString().Trim();
    }
}
