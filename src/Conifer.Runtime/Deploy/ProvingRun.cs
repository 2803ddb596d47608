using System.Text.Json;
using Conifer.App;
using Conifer.Compiler;
using Conifer.Runtime.Reports;
using Conifer.Runtime.Versions;
using Conifer.Values.Lenient;

namespace Conifer.Runtime.Deploy;

/// <summary>
/// The child side of a deploy's proving run: loads the new version from the compiled-assembly
/// cache, reads the state as its <c>Prev</c>, runs <c>Migrate</c> (or <c>Init</c>) and encodes the
/// result. A migration that overflows the stack, allocates without bound or loops can only take
/// down this throwaway process, never the server.
/// </summary>
public static class ProvingRun
{
    /// <summary>The hidden CLI command that runs this.</summary>
    public const string CommandName = "__prove-deploy";

    /// <summary>Runs the proof and writes a <see cref="ProofOutcome"/> as JSON to <paramref name="outPath"/>; returns the exit code.</summary>
    public static int Run(string compiledDirectory, string versionId, bool init, string? statePath, string outPath)
    {
        var outcome = Prove(compiledDirectory, versionId, init, statePath, outPath);
        File.WriteAllText(outPath, JsonSerializer.Serialize(outcome, ReportJson.Options));
        return 0;
    }

    /// <summary>Where the proving run leaves the new state document, beside its outcome.</summary>
    public static string NewStatePath(string outPath) => outPath + ".state.cvt";

    /// <summary>Where the proving run leaves the migration's commands, beside its outcome.</summary>
    public static string CommandsPath(string outPath) => outPath + ".commands.cvt";

    private static ProofOutcome Prove(string compiledDirectory, string versionId, bool init, string? statePath, string outPath)
    {
        var compiled = new CompiledAppCache(compiledDirectory).TryRead(versionId);
        if (compiled is null)
        {
            return new ProofOutcome(false, $"Version {versionId} is not in the compiled-assembly cache {compiledDirectory}; writing it there failed (is the disk full or read-only?).", [], null, 0);
        }
        var app = compiled.Load();
        var state = TypeCodec.For(app.StateType);
        object newState;
        Commands commands;
        try
        {
            if (init)
            {
                (newState, commands) = app.Init();
            }
            else
            {
                var reader = app.PrevStateType is { } prev ? TypeCodec.For(prev) : state;
                var read = reader.Decode(File.ReadAllBytes(statePath!));
                if (read is LenientResult<object?>.Mismatches mismatches)
                {
                    return new ProofOutcome(false, DeployMessages.StateDoesNotFit(app.PrevStateType is not null, reader.Type, mismatches.All.Length), [.. mismatches.All.Select(m => m.ToString())], null, 0);
                }
                var previous = ((LenientResult<object?>.Fits)read).Value!;
                (newState, commands) = app.Migrate is { } migrate ? migrate(previous) : (previous, Commands.None);
            }
        }
        catch (Exception e)
        {
            return new ProofOutcome(false, DeployMessages.Threw(init, e), [], e.ToString(), 0);
        }
        try
        {
            var bytes = state.Encode(newState);
            // The parent takes these as they are when no event arrived since this run's input.
            File.WriteAllBytes(NewStatePath(outPath), bytes);
            File.WriteAllBytes(CommandsPath(outPath), ProvenResult.CommandsCodec.Encode(commands.Items));
            return new ProofOutcome(true, null, [], null, bytes.LongLength);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return new ProofOutcome(false, $"The new state cannot be stored as {app.StateType.FullName}: {e.Message}", [], null, 0);
        }
    }
}
