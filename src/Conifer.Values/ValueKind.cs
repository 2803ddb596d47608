namespace Conifer.Values;

/// <summary>The node kinds of the tagged value tree (docs/value-format.md).</summary>
public enum ValueKind
{
    /// <summary>The absent value; fits any nullable type.</summary>
    Null,
    /// <summary>true or false.</summary>
    Bool,
    /// <summary>A signed 64-bit integer.</summary>
    Int,
    /// <summary>An IEEE 754 binary64, NaN and -0.0 included.</summary>
    Float,
    /// <summary>A .NET decimal with its scale (1.50 is not 1.5).</summary>
    Decimal,
    /// <summary>A Unicode string.</summary>
    String,
    /// <summary>A byte string.</summary>
    Bytes,
    /// <summary>An ordered sequence of values.</summary>
    List,
    /// <summary>Ordered key/value pairs whose keys are values of any kind.</summary>
    Dict,
    /// <summary>Ordered, uniquely named fields.</summary>
    Record,
    /// <summary>A union case or enum member: a tag name and its fields.</summary>
    Tagged,
}
