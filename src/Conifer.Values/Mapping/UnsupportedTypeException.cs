namespace Conifer.Values.Mapping;

/// <summary>
/// A CLR type (or, for <see cref="ulong"/>, a value) has no stored form: a mutable class, an
/// interface, <see cref="object"/>, a delegate, a mutable collection, a <c>[Flags]</c> enum
/// combination without a name, a <see cref="ulong"/> above <see cref="long.MaxValue"/>.
/// Thrown when the mapper for a type is built (so a deploy can reject the type before any data
/// is touched), or when such a value is written.
/// </summary>
public sealed class UnsupportedTypeException : Exception
{
    /// <summary>Creates the exception for <paramref name="rootType"/>, whose member at <paramref name="memberPath"/> cannot be stored.</summary>
    public UnsupportedTypeException(Type rootType, string memberPath, Type memberType, string reason)
        : base($"{Describe(rootType)} cannot be stored: {memberPath} is {Describe(memberType)}, {reason}")
    {
        RootType = rootType;
        MemberPath = memberPath;
        MemberType = memberType;
        Reason = reason;
    }

    /// <summary>The type a mapper was asked for.</summary>
    public Type RootType { get; }

    /// <summary>Where in <see cref="RootType"/> the offending member sits, e.g. <c>$.Items[*].Handler</c>.</summary>
    public string MemberPath { get; }

    /// <summary>The offending member's type.</summary>
    public Type MemberType { get; }

    /// <summary>Why it has no stored form.</summary>
    public string Reason { get; }

    /// <summary>The same failure seen from one level up: <paramref name="segment"/> (a field or index) is prepended to the path.</summary>
    internal UnsupportedTypeException Under(string segment, Type? owner = null) =>
        new(owner ?? RootType, "$" + segment + MemberPath[1..], MemberType, Reason);

    internal static string Describe(Type type)
    {
        if (!type.IsGenericType)
        {
            return type.FullName ?? type.Name;
        }
        var name = type.GetGenericTypeDefinition().FullName ?? type.Name;
        var tick = name.IndexOf('`', StringComparison.Ordinal);
        return $"{(tick < 0 ? name : name[..tick])}<{string.Join(", ", type.GetGenericArguments().Select(Describe))}>";
    }
}
