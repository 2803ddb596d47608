using System.Reflection;
using Conifer.App;

namespace Conifer.Compiler.Loading;

/// <summary>Wraps <c>Migrate(TPrev) -> (TState, Commands)</c> in an object-based delegate built once.</summary>
internal static class MigrateInvoker<TPrev, TState>
{
    public static Func<object, (object State, Commands Commands)> Create(MethodInfo migrate)
    {
        var typed = migrate.CreateDelegate<Func<TPrev, (TState, Commands)>>();
        return previous =>
        {
            using var culture = InvariantCulture.Enter();
            var (state, commands) = typed((TPrev)previous);
            return (state ?? throw new InvalidOperationException($"Migrate returned a null {typeof(TState).Name}."), commands ?? Commands.None);
        };
    }
}
