using System.Collections.Immutable;

namespace Conifer.Compiler;

/// <summary>An admin function ready to call.</summary>
public sealed class LoadedAdminFunction
{
    private readonly Func<object, IReadOnlyList<object?>, object?> _invoke;

    internal LoadedAdminFunction(AdminFunctionShape shape, ImmutableArray<Type> argumentTypes, Type returnType, Func<object, IReadOnlyList<object?>, object?> invoke)
    {
        Shape = shape;
        ArgumentTypes = argumentTypes;
        ReturnType = returnType;
        _invoke = invoke;
    }

    /// <summary>Name, parameters and kind.</summary>
    public AdminFunctionShape Shape { get; }

    /// <summary>The function name.</summary>
    public string Name => Shape.Name;

    /// <summary>True when the result is the new state.</summary>
    public bool IsUpdate => Shape.IsUpdate;

    /// <summary>The types of the caller's arguments, in order (state parameters excluded).</summary>
    public ImmutableArray<Type> ArgumentTypes { get; }

    /// <summary>The return type (the app's state type for an update).</summary>
    public Type ReturnType { get; }

    /// <summary>
    /// Calls the function with the current <paramref name="state"/> (passed to every state
    /// parameter) and the caller's <paramref name="arguments"/> (one per <see cref="ArgumentTypes"/>).
    /// </summary>
    /// <exception cref="ArgumentException">The argument count does not match.</exception>
    public object? Invoke(object state, IReadOnlyList<object?> arguments) => _invoke(state, arguments);
}
