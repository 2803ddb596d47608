using Conifer.Values;
using Conifer.Values.Lenient;
using Conifer.Values.Mapping;

namespace Conifer.Runtime.Versions;

/// <summary>
/// Reads and writes values of one CLR type as value documents: the runtime's single door to the
/// value layer, so that every state, event and migration input goes through the same lenient check.
/// </summary>
internal sealed class TypeCodec
{
    private readonly IValueMapper _mapper;

    private TypeCodec(Type type, IValueMapper mapper)
    {
        Type = type;
        _mapper = mapper;
    }

    /// <summary>The CLR type this codec maps.</summary>
    public Type Type { get; }

    public static TypeCodec For(Type type) => new(type, ValueMapper.For(type));

    /// <summary>Encodes a value document (header included) straight from the CLR value.</summary>
    public byte[] Encode(object? value) => _mapper.Serialize(value);

    /// <summary>Reads a value document as this type with the lenient check.</summary>
    public LenientResult<object?> Decode(ReadOnlyMemory<byte> document) => _mapper.Deserialize(document);

    /// <summary>The value as a tree (for JSON views and diffs).</summary>
    public Value ToTree(object? value) => _mapper.ToValue(value);

    /// <summary>Reads a tree as this type with the lenient check.</summary>
    public LenientResult<object?> FromTree(Value tree) => _mapper.FromValue(tree);
}
