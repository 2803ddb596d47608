using System.Reflection;
using System.Runtime.CompilerServices;

namespace Conifer.Values.Mapping;

/// <summary>
/// The entry point of CLR ⇄ tree mapping: one mapper per type, built on first use (reflection and
/// expression compilation happen once, never per value) and cached for the process.
/// </summary>
public static class ValueMapper
{
    // One lock for building: builds are rare (once per type per process) and a build touches many
    // types at once (a record and everything it holds), which per-type locks could deadlock on.
    private static readonly Lock BuildLock = new();

    // Weak tables: app types come from assemblies the runtime compiles per deploy and may unload;
    // a strong cache would keep every old version's assembly alive for the life of the process.
    private static readonly ConditionalWeakTable<Type, TypeMapper> Named = [];
    private static readonly ConditionalWeakTable<Type, IValueMapper> Published = [];

    /// <summary>The mapper of <paramref name="type"/>.</summary>
    /// <exception cref="UnsupportedTypeException"><paramref name="type"/> or a type it contains has no stored form.</exception>
    public static IValueMapper For(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (Published.TryGetValue(type, out var mapper))
        {
            return mapper;
        }
        lock (BuildLock)
        {
            if (Published.TryGetValue(type, out mapper))
            {
                return mapper;
            }
            var built = MapperBuilder.Build(Named, type);
            mapper = (IValueMapper)Activator.CreateInstance(
                typeof(ValueMapper<>).MakeGenericType(type), BindingFlags.NonPublic | BindingFlags.Instance, null, [built], null)!;
            Published.AddOrUpdate(type, mapper);
            return mapper;
        }
    }

    /// <summary>The typed mapper of <typeparamref name="T"/>.</summary>
    /// <exception cref="UnsupportedTypeException"><typeparamref name="T"/> or a type it contains has no stored form.</exception>
    public static ValueMapper<T> For<T>() => (ValueMapper<T>)For(typeof(T));
}
