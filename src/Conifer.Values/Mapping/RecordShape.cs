using System.Reflection;
using System.Runtime.CompilerServices;

namespace Conifer.Values.Mapping;

/// <summary>
/// How a record or immutable class is stored: its fields (public properties that are constructor
/// parameters or init-only, in declaration order, base type first) and how to construct it (the
/// public constructor whose parameters match the most fields, then init setters for the rest).
/// Computed get-only properties (<c>BodyText</c>) are not fields.
/// </summary>
internal sealed record RecordShape(Type Type, IReadOnlyList<PropertyInfo> Fields, ConstructorInfo Constructor, int[] ConstructorFields, int[] InitFields)
{
    public static RecordShape Discover(Type type, Type root, string path)
    {
        var properties = DeclaredProperties(type);
        foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.Instance))
        {
            if (!field.IsInitOnly)
            {
                throw new UnsupportedTypeException(root, path, type, $"a mutable type: field '{field.Name}' is writable");
            }
        }
        foreach (var property in properties)
        {
            if (property.SetMethod is { IsPublic: true } setter && !IsInitOnly(setter))
            {
                throw new UnsupportedTypeException(root, path, type, $"a mutable type: property '{property.Name}' has a public setter (use init)");
            }
        }

        ConstructorInfo? best = null;
        int[]? bestFields = null;
        foreach (var constructor in type.GetConstructors(BindingFlags.Public | BindingFlags.Instance))
        {
            var parameters = constructor.GetParameters();
            var indices = new int[parameters.Length];
            var matches = true;
            for (var i = 0; i < parameters.Length && matches; i++)
            {
                indices[i] = properties.FindIndex(p =>
                    string.Equals(p.Name, parameters[i].Name, StringComparison.OrdinalIgnoreCase) && p.PropertyType == parameters[i].ParameterType);
                matches = indices[i] >= 0;
            }
            if (matches && (best is null || parameters.Length > bestFields!.Length))
            {
                best = constructor;
                bestFields = indices;
            }
        }
        if (best is null || bestFields is null)
        {
            throw new UnsupportedTypeException(root, path, type, "which has no public constructor whose parameters all match its properties by name");
        }

        var fields = new List<PropertyInfo>();
        foreach (var property in properties)
        {
            var index = properties.IndexOf(property);
            if (bestFields.Contains(index) || property.SetMethod is { IsPublic: true })
            {
                fields.Add(property);
            }
        }
        var constructorFields = bestFields.Select(i => fields.IndexOf(properties[i])).ToArray();
        var initFields = Enumerable.Range(0, fields.Count).Where(i => !constructorFields.Contains(i)).ToArray();
        return new RecordShape(type, fields, best, constructorFields, initFields);
    }

    /// <summary>Public instance properties, base type first, each level in declaration (metadata token) order.</summary>
    private static List<PropertyInfo> DeclaredProperties(Type type)
    {
        var levels = new List<Type>();
        for (var level = type; level is not null && level != typeof(object) && level != typeof(ValueType); level = level.BaseType)
        {
            levels.Insert(0, level);
        }
        var properties = new List<PropertyInfo>();
        foreach (var level in levels)
        {
            foreach (var property in level.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                         .Where(p => p.GetIndexParameters().Length == 0 && p.GetMethod is { IsPublic: true, IsStatic: false })
                         .OrderBy(p => p.MetadataToken))
            {
                var known = properties.FindIndex(p => p.Name == property.Name);
                if (known >= 0)
                {
                    properties[known] = property;
                }
                else
                {
                    properties.Add(property);
                }
            }
        }
        return properties;
    }

    private static bool IsInitOnly(MethodInfo setter) =>
        setter.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(IsExternalInit));
}
