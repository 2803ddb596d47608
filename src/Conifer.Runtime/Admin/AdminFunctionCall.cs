using System.Collections.Immutable;
using Conifer.Compiler;
using Conifer.Runtime.Deploy;
using Conifer.Runtime.Log;
using Conifer.Runtime.Writer;
using Conifer.Values;
using Conifer.Values.Codecs;
using Conifer.Values.Lenient;
using Conifer.Values.Mapping;

namespace Conifer.Runtime.Admin;

/// <summary>
/// Runs one admin function of the running version: the caller's argument trees are read as the
/// parameter types with the lenient check, then the function runs with the current state. The
/// same binding serves the live writer and replay, so a committed call replays to the same state.
/// </summary>
internal static class AdminFunctionCall
{
    /// <summary>Computes the call against <paramref name="current"/> under the writer; never changes anything itself.</summary>
    public static AdminComputation Compute(ProcessState current, string name, ImmutableArray<Value> arguments, bool commit, TimeSpan limit)
    {
        AdminComputation Refuse(AdminRefusal reason, string error) => new AdminComputation.Finished(new AdminCallResult.Refused(reason, error));
        var version = current.Version!;
        if (Find(version.App, name) is not { } function)
        {
            var known = version.App.AdminFunctions.IsEmpty ? "it has none" : "it has " + string.Join(", ", version.App.AdminFunctions.Select(f => f.Name));
            return Refuse(AdminRefusal.UnknownFunction, $"Version {version.VersionId} has no admin function '{name}' ({known}).");
        }
        if (commit && !function.IsUpdate)
        {
            return Refuse(AdminRefusal.NotAnUpdate,
                $"{name} returns {function.Shape.ReturnTypeName}, not the app's State, so there is nothing to commit; run it without --commit to see its result.");
        }
        if (Bind(function, arguments) is not { } bound)
        {
            return Refuse(AdminRefusal.BadArguments, DescribeMismatch(function, arguments));
        }
        switch (GuardedCall.Run(() => function.Invoke(current.State!, bound), limit))
        {
            case GuardedCall.Outcome<object?>.Threw(var e):
                return Refuse(AdminRefusal.Threw, $"{name} threw {e.GetType().Name}: {e.Message}");
            case GuardedCall.Outcome<object?>.TimedOut(var t):
                return Refuse(AdminRefusal.TimedOut, $"{name} did not return within {t.TotalSeconds:0.#} s; nothing was changed.");
            case GuardedCall.Outcome<object?>.Returned(var value) when function.IsUpdate:
                return new AdminComputation.Update(value, new AdminRecord.Function(version.VersionId, name, [.. arguments.Select(a => ValueJsonCodec.Write(a))]));
            case GuardedCall.Outcome<object?>.Returned(var value):
                try
                {
                    return new AdminComputation.Finished(new AdminCallResult.Read(ValueMapper.For(function.ReturnType).ToValue(value)));
                }
                catch (UnsupportedTypeException e)
                {
                    return Refuse(AdminRefusal.BadResult, $"{name} returned a value with no stored form: {e.Message}");
                }
            default:
                throw new InvalidOperationException($"{nameof(AdminFunctionCall)}.{nameof(Compute)}: unhandled outcome.");
        }
    }

    /// <summary>Replays a committed call: the record's version must be the running one, and the call must succeed as it did.</summary>
    /// <exception cref="ProcessRestoreException">The call cannot be replayed.</exception>
    public static object? Replay(ProcessState current, AdminRecord.Function record, long sequence)
    {
        var version = current.Version ?? throw new ProcessRestoreException($"Admin function record {sequence} comes before any deploy.");
        if (version.VersionId != record.VersionId)
        {
            throw new ProcessRestoreException($"Admin function record {sequence} ran under version {record.VersionId}, but version {version.VersionId} is running at that point.");
        }
        var function = Find(version.App, record.Name)
            ?? throw new ProcessRestoreException($"Admin function record {sequence} names '{record.Name}', which version {version.VersionId} does not have.");
        var arguments = record.Arguments.Select(a => ValueJsonCodec.Parse(a)).ToImmutableArray();
        var bound = Bind(function, arguments)
            ?? throw new ProcessRestoreException($"Admin function record {sequence}: {DescribeMismatch(function, arguments)}");
        try
        {
            return function.Invoke(current.State!, bound);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new ProcessRestoreException(
                $"Replaying admin function record {sequence} ({record.Name}) threw {e.GetType().Name}: {e.Message}. It returned when it ran, so it is not deterministic.", e);
        }
    }

    private static LoadedAdminFunction? Find(LoadedApp app, string name) =>
        app.AdminFunctions.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.Ordinal));

    private static object?[]? Bind(LoadedAdminFunction function, ImmutableArray<Value> arguments)
    {
        if (arguments.Length != function.ArgumentTypes.Length)
        {
            return null;
        }
        var bound = new object?[arguments.Length];
        for (var i = 0; i < bound.Length; i++)
        {
            if (ValueMapper.For(function.ArgumentTypes[i]).FromValue(arguments[i]) is not LenientResult<object?>.Fits fits)
            {
                return null;
            }
            bound[i] = fits.Value;
        }
        return bound;
    }

    private static string DescribeMismatch(LoadedAdminFunction function, ImmutableArray<Value> arguments)
    {
        var parameters = function.Shape.Parameters.Where(p => !p.IsState).ToList();
        var signature = $"{function.Name}({string.Join(", ", parameters.Select(p => $"{p.TypeName} {p.Name}"))})";
        if (arguments.Length != function.ArgumentTypes.Length)
        {
            return $"{signature} takes {function.ArgumentTypes.Length} argument(s), got {arguments.Length}. Pass a JSON array with one value per parameter.";
        }
        var problems = new List<string>();
        for (var i = 0; i < arguments.Length; i++)
        {
            if (ValueMapper.For(function.ArgumentTypes[i]).FromValue(arguments[i]) is LenientResult<object?>.Mismatches m)
            {
                problems.Add($"argument {i + 1} ({parameters[i].Name}): {string.Join("; ", m.All)}");
            }
        }
        return $"The arguments do not fit {signature}: {string.Join(" | ", problems)}";
    }
}
