namespace Conifer.Values.Codecs;

/// <summary>
/// The constants of the MessagePack value format, version 1 (docs/value-format.md), for code that
/// writes or reads the format directly (the fast CLR path, the store) instead of through
/// <see cref="ValueMessagePackCodec"/>.
/// </summary>
public static class ValueFormat
{
    /// <summary>The format version written in the fourth header byte.</summary>
    public const byte Version = 1;

    /// <summary>The length of the document header ("CVT" and the version byte).</summary>
    public const int HeaderLength = 4;

    /// <summary>Ext type of the tag header that opens a Tagged node with fields: [ext 1 tag, map of fields].</summary>
    public const sbyte TagHeaderExtType = 1;

    /// <summary>Ext type of a Tagged node without fields; the payload is the tag in UTF-8.</summary>
    public const sbyte FieldlessTagExtType = 2;

    /// <summary>Ext type of the empty marker that opens a Dict node: [ext 3, map of entries].</summary>
    public const sbyte DictMarkerExtType = 3;

    /// <summary>Ext type of a Decimal node (fixext16: lo, mid, hi, flags, each little-endian).</summary>
    public const sbyte DecimalExtType = 4;

    /// <summary>The header of a stored value document: "CVT" then the version byte.</summary>
    public static ReadOnlySpan<byte> Header => "CVT\u0001"u8;
}
