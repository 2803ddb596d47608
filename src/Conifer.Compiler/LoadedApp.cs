using System.Collections.Immutable;
using System.Reflection;
using Conifer.App;

namespace Conifer.Compiler;

/// <summary>
/// An app version loaded into its own collectible <see cref="System.Runtime.Loader.AssemblyLoadContext"/>,
/// with invokers built once. The state is passed as <see cref="object"/> because its type is
/// known only at run time; each invoker casts it to <see cref="StateType"/> and runs the app
/// code under the invariant culture (docs/app-rules.md). Exceptions thrown by app code pass
/// through unchanged.
/// </summary>
public sealed class LoadedApp
{
    private readonly Action _unload;

    internal LoadedApp(
        CompiledApp compiled,
        Assembly assembly,
        Type stateType,
        ImmutableArray<LoadedMigration> migrations,
        Func<(object State, Commands Commands)> init,
        Func<HttpRequestEvent, object, (object State, Commands Commands)> onHttpRequest,
        Func<TimerEvent, object, (object State, Commands Commands)> onTimer,
        Func<HttpResponseEvent, object, (object State, Commands Commands)> onHttpResponse,
        ImmutableArray<LoadedAdminFunction> adminFunctions,
        Action unload)
    {
        Compiled = compiled;
        Assembly = assembly;
        StateType = stateType;
        Migrations = migrations;
        Init = init;
        OnHttpRequest = onHttpRequest;
        OnTimer = onTimer;
        OnHttpResponse = onHttpResponse;
        AdminFunctions = adminFunctions;
        _unload = unload;
    }

    /// <summary>The compiled version this was loaded from.</summary>
    public CompiledApp Compiled { get; }

    /// <summary>The version id.</summary>
    public string VersionId => Compiled.VersionId;

    /// <summary>The discovered shape.</summary>
    public AppShape Shape => Compiled.Shape;

    /// <summary>The app's assembly (in this version's load context).</summary>
    public Assembly Assembly { get; }

    /// <summary>The app's <c>TState</c>.</summary>
    public Type StateType { get; }

    /// <summary>The migration steps, oldest first (one for the single-migration layout); empty without a migration.</summary>
    public ImmutableArray<LoadedMigration> Migrations { get; }

    /// <summary>The parameter type of the newest step's <c>Migrate</c>, or <c>null</c> when the app declares no migration.</summary>
    public Type? PrevStateType => Migrations.IsEmpty ? null : Migrations[^1].PrevStateType;

    /// <summary><c>App.Init()</c>.</summary>
    public Func<(object State, Commands Commands)> Init { get; }

    /// <summary><c>App.OnHttpRequest(request, state)</c>.</summary>
    public Func<HttpRequestEvent, object, (object State, Commands Commands)> OnHttpRequest { get; }

    /// <summary><c>App.OnTimer(timer, state)</c> (the interface default keeps the state).</summary>
    public Func<TimerEvent, object, (object State, Commands Commands)> OnTimer { get; }

    /// <summary><c>App.OnHttpResponse(response, state)</c> (the interface default keeps the state).</summary>
    public Func<HttpResponseEvent, object, (object State, Commands Commands)> OnHttpResponse { get; }

    /// <summary>The newest step's <c>MigrateState.Migrate(previous)</c>, taking a <see cref="PrevStateType"/>; <c>null</c> without a migration.</summary>
    public Func<object, (object State, Commands Commands)>? Migrate => Migrations.IsEmpty ? null : Migrations[^1].Migrate;

    /// <summary>The admin functions, in declaration order.</summary>
    public ImmutableArray<LoadedAdminFunction> AdminFunctions { get; }

    /// <summary>
    /// Starts unloading this version's load context. The assembly goes away once nothing
    /// references its types any more (this object, its delegates and any state object
    /// included), at a later garbage collection. To observe that, keep a <see cref="WeakReference"/>
    /// to <see cref="Assembly"/> and drop every other reference.
    /// </summary>
    public void Unload() => _unload();
}
