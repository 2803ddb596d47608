namespace Conifer.Values.Codecs;

/// <summary>The reserved object keys of the JSON form (docs/value-format.md).</summary>
internal static class JsonMarkers
{
    public const string Tag = "$tag";
    public const string Float = "$float";
    public const string Decimal = "$decimal";
    public const string Bytes = "$bytes";
    public const string Dict = "$dict";
}
