using System.Reflection;
using System.Text;

namespace Conifer.Values.Mapping;

/// <summary>One field of a record or union case, with its name pre-encoded for the fast path.</summary>
internal sealed class RecordField(PropertyInfo property, TypeMapper mapper)
{
    public string Name { get; } = property.Name;

    public PropertyInfo Property { get; } = property;

    public TypeMapper Mapper { get; } = mapper;

    /// <summary>The name as a MessagePack str node, written with one copy.</summary>
    public byte[] EncodedKey { get; } = Wire.EncodeStr(property.Name);

    /// <summary>The name in UTF-8, matched against stored keys without decoding them.</summary>
    public byte[] Utf8Name { get; } = Encoding.UTF8.GetBytes(property.Name);
}
