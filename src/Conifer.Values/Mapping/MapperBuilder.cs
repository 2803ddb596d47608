using System.Collections;
using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace Conifer.Values.Mapping;

/// <summary>
/// Builds the mapper of a type and everything it contains, checking on the way that every member
/// has a stored form (DESIGN §1 "State types"). Named types (records, unions, enums) are shared
/// through <paramref name="cache"/>; new ones are published there only when the whole build succeeds,
/// so a failed build leaves no half-initialized mapper behind.
/// </summary>
internal sealed class MapperBuilder(ConditionalWeakTable<Type, TypeMapper> cache, Type root)
{
    private readonly Dictionary<Type, TypeMapper> _building = [];
    private readonly NullabilityInfoContext _nullability = new();

    public static TypeMapper Build(ConditionalWeakTable<Type, TypeMapper> cache, Type root)
    {
        var builder = new MapperBuilder(cache, root);
        var mapper = builder.Get(root, null, "$");
        foreach (var (type, built) in builder._building)
        {
            cache.AddOrUpdate(type, built);
        }
        return mapper;
    }

    private TypeMapper Get(Type type, NullabilityInfo? nullability, string path)
    {
        if (Nullable.GetUnderlyingType(type) is { } inner)
        {
            return Create(typeof(NullableMapper<>), [inner], Get(inner, null, path));
        }
        if (!type.IsValueType && nullability?.ReadState == NullabilityState.Nullable)
        {
            return Create(typeof(NullableReferenceMapper<>), [type], Get(type, null, path));
        }
        if (Primitive(type) is { } primitive)
        {
            return primitive;
        }
        if (cache.TryGetValue(type, out var cached) || _building.TryGetValue(type, out cached))
        {
            return cached;
        }
        if (type.IsArray)
        {
            return type.GetArrayRank() == 1
                ? Create(typeof(ArrayMapper<>), [type.GetElementType()!], Get(type.GetElementType()!, nullability?.ElementType, path + "[*]"))
                : throw Unsupported(path, type, "a multi-dimensional array");
        }
        if (type.IsGenericType && Collection(type, nullability, path) is { } collection)
        {
            return collection;
        }
        if (type.IsEnum)
        {
            return Register(type, Create(typeof(EnumMapper<>), [type]));
        }
        var reason = type switch
        {
            _ when type == typeof(object) => "object, which says nothing about what is stored",
            _ when typeof(Delegate).IsAssignableFrom(type) => "a delegate, which has no stored form",
            _ when type.IsInterface => "an interface (only the System.Collections.Immutable interfaces map)",
            _ when type.IsPointer || type.IsByRef || type.IsGenericTypeDefinition || type.ContainsGenericParameters => "not a concrete data type",
            _ when typeof(IEnumerable).IsAssignableFrom(type) => "a mutable or unsupported collection (use System.Collections.Immutable)",
            _ when type.IsPrimitive || type == typeof(IntPtr) || type == typeof(UIntPtr) => "a primitive without a stored form",
            _ => null,
        };
        if (reason is not null)
        {
            throw Unsupported(path, type, reason);
        }
        return type.IsAbstract ? Union(type, path) : Record(type, path);
    }

    private static TypeMapper? Primitive(Type type) => Type.GetTypeCode(type) switch
    {
        _ when type.IsEnum => null,
        TypeCode.Boolean => new BoolMapper(),
        TypeCode.SByte => new IntegerMapper<sbyte>("sbyte"),
        TypeCode.Byte => new IntegerMapper<byte>("byte"),
        TypeCode.Int16 => new IntegerMapper<short>("short"),
        TypeCode.UInt16 => new IntegerMapper<ushort>("ushort"),
        TypeCode.Int32 => new IntegerMapper<int>("int"),
        TypeCode.UInt32 => new IntegerMapper<uint>("uint"),
        TypeCode.Int64 => new IntegerMapper<long>("long"),
        TypeCode.UInt64 => new IntegerMapper<ulong>("ulong"),
        TypeCode.Single => new SingleMapper(),
        TypeCode.Double => new DoubleMapper(),
        TypeCode.Decimal => new DecimalMapper(),
        TypeCode.String => new StringMapper(),
        TypeCode.Char => new CharMapper(),
        TypeCode.DateTime => new DateTimeMapper(),
        _ when type == typeof(Guid) => new GuidMapper(),
        _ when type == typeof(DateTimeOffset) => new DateTimeOffsetMapper(),
        _ when type == typeof(byte[]) => new ByteArrayMapper(),
        _ when type == typeof(ImmutableArray<byte>) => new ImmutableBytesMapper(),
        _ => null,
    };

    private TypeMapper? Collection(Type type, NullabilityInfo? nullability, string path)
    {
        var definition = type.GetGenericTypeDefinition();
        var arguments = type.GetGenericArguments();
        TypeMapper Item(int i, string segment) => Get(arguments[i], nullability?.GenericTypeArguments.ElementAtOrDefault(i), path + segment);
        if (arguments.Length == 1)
        {
            Type? shape = definition switch
            {
                _ when definition == typeof(ImmutableArray<>) => typeof(ImmutableArrayMapper<>),
                _ when definition == typeof(ImmutableSortedSet<>) => typeof(ImmutableSortedSetMapper<>),
                _ => null,
            };
            if (shape is not null)
            {
                return Create(shape, arguments, Item(0, "[*]"));
            }
            Type? withCollection = definition switch
            {
                _ when definition == typeof(ImmutableList<>) || definition == typeof(IImmutableList<>) => typeof(ImmutableListMapper<,>),
                _ when definition == typeof(ImmutableHashSet<>) || definition == typeof(IImmutableSet<>) => typeof(ImmutableHashSetMapper<,>),
                _ => null,
            };
            return withCollection is null ? null : Create(withCollection, [type, arguments[0]], Item(0, "[*]"));
        }
        if (arguments.Length == 2)
        {
            if (definition == typeof(ImmutableSortedDictionary<,>))
            {
                return Create(typeof(SortedDictMapper<,>), arguments, Item(0, "[key]"), Item(1, "[*]"));
            }
            if (definition == typeof(ImmutableDictionary<,>) || definition == typeof(IImmutableDictionary<,>))
            {
                return Create(typeof(HashedDictMapper<,,>), [type, .. arguments], Item(0, "[key]"), Item(1, "[*]"));
            }
        }
        return null;
    }

    private TypeMapper Record(Type type, string path)
    {
        var shape = RecordShape.Discover(type, root, path);
        var mapper = Register(type, Create(typeof(RecordMapper<>), [type]));
        var fields = shape.Fields
            .Select(p => new RecordField(p, Get(p.PropertyType, _nullability.Create(p), path + "." + p.Name)))
            .ToArray();
        ((IRecordMapper)mapper).Initialize(shape, fields);
        return mapper;
    }

    private TypeMapper Union(Type type, string path)
    {
        if (!type.IsClass)
        {
            throw Unsupported(path, type, "abstract but not a class");
        }
        var caseTypes = LoadableTypes(type.Assembly)
            .Where(t => t != type && !t.IsAbstract && t.IsClass && !t.ContainsGenericParameters && type.IsAssignableFrom(t))
            .OrderBy(t => t.MetadataToken)
            .ToArray();
        if (caseTypes.Length == 0)
        {
            throw Unsupported(path, type, "an abstract type without concrete derived types in its assembly, so not a union");
        }
        if (caseTypes.GroupBy(t => t.Name).FirstOrDefault(g => g.Count() > 1) is { } clash)
        {
            throw Unsupported(path, type, $"a union with two cases named '{clash.Key}' ({string.Join(", ", clash.Select(t => t.FullName))})");
        }
        var mapper = Register(type, Create(typeof(UnionMapper<>), [type]));
        var cases = Array.CreateInstance(typeof(UnionCase<>).MakeGenericType(type), caseTypes.Length);
        for (var i = 0; i < caseTypes.Length; i++)
        {
            var record = Get(caseTypes[i], null, path + "(" + caseTypes[i].Name + ")");
            cases.SetValue(Activator.CreateInstance(typeof(UnionCaseOf<,>).MakeGenericType(type, caseTypes[i]), record), i);
        }
        typeof(UnionMapper<>).MakeGenericType(type).GetMethod("Initialize")!.Invoke(mapper, [cases]);
        return mapper;
    }

    private static IEnumerable<Type> LoadableTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            // A type of the assembly that cannot load (a missing dependency) cannot be a case either.
            return e.Types.OfType<Type>();
        }
    }

    private TypeMapper Register(Type type, TypeMapper mapper)
    {
        _building[type] = mapper;
        return mapper;
    }

    private static TypeMapper Create(Type definition, Type[] arguments, params object[] parameters) =>
        (TypeMapper)Activator.CreateInstance(definition.MakeGenericType(arguments), parameters)!;

    private UnsupportedTypeException Unsupported(string path, Type type, string reason) => new(root, path, type, reason);
}
