using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using Conifer.App;

namespace Conifer.Compiler.Loading;

/// <summary>Loads a <see cref="CompiledApp"/> into a fresh collectible context and builds its invokers.</summary>
internal static class AppLoader
{
    private const BindingFlags PublicStatic = BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly;

    public static LoadedApp Load(CompiledApp compiled)
    {
        if (!InvariantGlobalization.IsOn)
        {
            throw new AppLoadException(compiled.VersionId, InvariantGlobalization.Problem);
        }
        var context = new AppLoadContext(compiled.VersionId);
        try
        {
            using var stream = new MemoryStream(ImmutableCollectionsMarshal.AsArray(compiled.AssemblyBytes)!, writable: false);
            var assembly = context.LoadFromStream(stream);
            return Bind(compiled, assembly, context);
        }
        catch
        {
            context.Unload();
            throw;
        }
    }

    private static LoadedApp Bind(CompiledApp compiled, Assembly assembly, AppLoadContext context)
    {
        var shape = compiled.Shape;
        var appType = Find(compiled, assembly, shape.AppTypeName);
        var contract = appType.GetInterfaces().SingleOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IWebServiceApp<>))
            ?? throw new AppLoadException(compiled.VersionId, $"{shape.AppTypeName} does not implement IWebServiceApp<TState>");
        var stateType = contract.GetGenericArguments()[0];
        var invokers = (IAppInvokers)Activator.CreateInstance(typeof(AppInvokers<,>).MakeGenericType(appType, stateType))!;

        var migrations = ImmutableArray.CreateBuilder<LoadedMigration>();
        foreach (var step in shape.Migrations.IsDefault ? [] : shape.Migrations)
        {
            var method = Find(compiled, assembly, step.HolderTypeName).GetMethod(Names.MigrateMethod, PublicStatic)
                ?? throw new AppLoadException(compiled.VersionId, $"{step.HolderTypeName}.{Names.MigrateMethod} is missing");
            var prevType = method.GetParameters()[0].ParameterType;
            var nextType = method.ReturnType.GetGenericArguments()[0];
            var create = typeof(MigrateInvoker<,>).MakeGenericType(prevType, nextType).GetMethod(nameof(MigrateInvoker<object, object>.Create))!;
            migrations.Add(new LoadedMigration(step, prevType, (Func<object, (object, Commands)>)create.Invoke(null, [method])!));
        }

        var admin = ImmutableArray<LoadedAdminFunction>.Empty;
        if (!shape.AdminFunctions.IsDefaultOrEmpty)
        {
            var holder = Find(compiled, assembly, Names.AdminFunctionsType);
            admin = [.. shape.AdminFunctions.Select(f => BindAdmin(compiled, holder, f))];
        }

        return new LoadedApp(
            compiled, assembly, stateType, migrations.ToImmutable(),
            invokers.Init, invokers.OnHttpRequest, invokers.OnTimer, invokers.OnHttpResponse,
            admin, context.Unload);
    }

    private static LoadedAdminFunction BindAdmin(CompiledApp compiled, Type holder, AdminFunctionShape shape)
    {
        var method = holder.GetMethod(shape.Name, PublicStatic)
            ?? throw new AppLoadException(compiled.VersionId, $"{Names.AdminFunctionsType}.{shape.Name} is missing");
        var parameters = method.GetParameters();
        var argumentTypes = parameters.Where((_, i) => !shape.Parameters[i].IsState).Select(p => p.ParameterType).ToImmutableArray();
        object? Invoke(object state, IReadOnlyList<object?> arguments)
        {
            if (arguments.Count != argumentTypes.Length)
            {
                throw new ArgumentException($"Admin function {shape.Name} takes {argumentTypes.Length} argument(s), got {arguments.Count}.", nameof(arguments));
            }
            var all = new object?[parameters.Length];
            var next = 0;
            for (var i = 0; i < all.Length; i++)
            {
                all[i] = shape.Parameters[i].IsState ? state : arguments[next++];
            }
            using var culture = InvariantCulture.Enter();
            try
            {
                return method.Invoke(null, all);
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                ExceptionDispatchInfo.Throw(e.InnerException);
                throw;
            }
        }
        return new LoadedAdminFunction(shape, argumentTypes, method.ReturnType, Invoke);
    }

    private static Type Find(CompiledApp compiled, Assembly assembly, string name) =>
        assembly.GetType(name) ?? throw new AppLoadException(compiled.VersionId, $"type {name} is missing from the assembly");
}
