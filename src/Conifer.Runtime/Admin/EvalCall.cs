using Conifer.Compiler.Scripting;
using Conifer.Runtime.Deploy;
using Conifer.Runtime.Log;
using Conifer.Runtime.Writer;
using Conifer.Values;
using Conifer.Values.Mapping;

namespace Conifer.Runtime.Admin;

/// <summary>
/// Runs an eval script against the state under the writer: read-only unless committed, and a
/// committed script must return the app's State. Replay compiles and runs the stored source again.
/// </summary>
internal static class EvalCall
{
    /// <summary>Runs the script under the writer; <paramref name="precompiled"/> (compiled for this very version outside the writer) spares the pause a compile.</summary>
    public static AdminComputation Compute(ProcessState current, string source, bool commit, TimeSpan limit, CompiledScript? precompiled)
    {
        AdminComputation Refuse(AdminRefusal reason, string error) => new AdminComputation.Finished(new AdminCallResult.Refused(reason, error));
        var version = current.Version!;
        var compiled = precompiled ?? ScriptCompiler.Compile(version.App, source, commit);
        if (compiled.Run is not { } run)
        {
            var hint = commit ? " With --commit the script must return the app's State." : "";
            return Refuse(AdminRefusal.DoesNotCompile, $"The script does not compile or breaks a Conifer rule:{hint}\n" + string.Join("\n", compiled.Errors));
        }
        // A read's value is turned into its tree inside the guard too: that may run the app's own
        // members (ToString, a record's printing), which are bounded like the script itself.
        (object? Value, Value? Tree) Evaluate()
        {
            var value = run(current.State);
            return (value, commit ? null : ToTree(value));
        }
        switch (GuardedCall.Run(Evaluate, limit))
        {
            case GuardedCall.Outcome<(object? Value, Value? Tree)>.Threw(var e):
                return Refuse(AdminRefusal.Threw, $"The script threw {e.GetType().Name}: {e.Message}");
            case GuardedCall.Outcome<(object? Value, Value? Tree)>.TimedOut(var t):
                return Refuse(AdminRefusal.TimedOut, $"The script did not finish within {t.TotalSeconds:0.#} s; nothing was changed.");
            case GuardedCall.Outcome<(object? Value, Value? Tree)>.Returned(var (value, _)) when commit:
                return new AdminComputation.Update(value, new AdminRecord.Eval(version.VersionId, source));
            case GuardedCall.Outcome<(object? Value, Value? Tree)>.Returned(var (_, tree)):
                return new AdminComputation.Finished(new AdminCallResult.Read(tree!));
            default:
                throw new InvalidOperationException($"{nameof(EvalCall)}.{nameof(Compute)}: unhandled outcome.");
        }
    }

    /// <summary>Replays a committed script with the version it ran under.</summary>
    /// <exception cref="ProcessRestoreException">The script cannot be replayed.</exception>
    public static object? Replay(ProcessState current, AdminRecord.Eval record, long sequence)
    {
        var version = current.Version ?? throw new ProcessRestoreException($"Eval record {sequence} comes before any deploy.");
        if (version.VersionId != record.VersionId)
        {
            throw new ProcessRestoreException($"Eval record {sequence} ran under version {record.VersionId}, but version {version.VersionId} is running at that point.");
        }
        var compiled = ScriptCompiler.Compile(version.App, record.Source, mustReturnState: true);
        if (compiled.Run is not { } run)
        {
            throw new ProcessRestoreException($"Eval record {sequence} no longer compiles: {string.Join("; ", compiled.Errors)}");
        }
        try
        {
            return run(current.State);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new ProcessRestoreException($"Replaying eval record {sequence} threw {e.GetType().Name}: {e.Message}. It returned when it ran, so it is not deterministic.", e);
        }
    }

    // A value with a stored form is shown in the value tree's JSON form; anything else (an
    // anonymous type, a lazy query) by its text, which is still useful to read.
    private static Value ToTree(object? value)
    {
        if (value is null)
        {
            return Value.Null.Instance;
        }
        try
        {
            return ValueMapper.For(value.GetType()).ToValue(value);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return new Value.String(value.ToString() ?? value.GetType().Name);
        }
    }
}
