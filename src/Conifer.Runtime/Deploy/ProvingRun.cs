using System.Collections.Immutable;
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

    /// <summary>Runs the proof and writes a <see cref="ProofOutcome"/> as JSON to <see cref="ProvingArguments.OutPath"/>; returns the exit code.</summary>
    public static int Run(ProvingArguments arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var outcome = Prove(arguments);
        File.WriteAllText(arguments.OutPath, JsonSerializer.Serialize(outcome, ReportJson.Options));
        return 0;
    }

    /// <summary>Where the proving run leaves the new state document, beside its outcome.</summary>
    public static string NewStatePath(string outPath) => outPath + ".state.cvt";

    /// <summary>Where the proving run leaves the migration's commands, beside its outcome.</summary>
    public static string CommandsPath(string outPath) => outPath + ".commands.cvt";

    private static ProofOutcome Prove(ProvingArguments arguments)
    {
        var (compiledDirectory, versionId, outPath) = (arguments.CompiledDirectory, arguments.VersionId, arguments.OutPath);
        var init = arguments.Mode == DeployMode.Init;
        var compiled = new CompiledAppCache(compiledDirectory).TryRead(versionId);
        if (compiled is null)
        {
            return new ProofOutcome(false, $"Version {versionId} is not in the compiled-assembly cache {compiledDirectory}; writing it there failed (is the disk full or read-only?).", [], null, 0);
        }
        var app = compiled.Load();
        var state = TypeCodec.For(app.StateType);
        var chain = app.Migrations[Math.Min(arguments.ChainStart, app.Migrations.Length)..];
        object newState;
        Commands commands;
        var warnings = ImmutableArray<string>.Empty;
        try
        {
            if (init)
            {
                (newState, commands) = app.Init();
            }
            else
            {
                var reader = chain.IsEmpty ? state : TypeCodec.For(chain[0].PrevStateType);
                var read = reader.Decode(File.ReadAllBytes(arguments.StatePath!));
                if (read is LenientResult<object?>.Mismatches mismatches)
                {
                    return new ProofOutcome(false, DeployMessages.StateDoesNotFit(!chain.IsEmpty, reader.Type, mismatches.All.Length), [.. mismatches.All.Select(m => m.ToString())], null, 0);
                }
                var fits = (LenientResult<object?>.Fits)read;
                warnings = [.. fits.Ignored.Select(f => f.ToString())];
                (newState, commands) = (fits.Value!, Commands.None);
                foreach (var step in chain)
                {
                    var (next, more) = step.Migrate(newState);
                    (newState, commands) = (next, commands.And(more));
                }
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
            return new ProofOutcome(true, null, [], null, bytes.LongLength) { Warnings = warnings };
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return new ProofOutcome(false, $"The new state cannot be stored as {app.StateType.FullName}: {e.Message}", [], null, 0);
        }
    }
}
