using MessagePack;

namespace Conifer.Values.Mapping;

/// <summary>A compiled writer of a record's field map (header, pre-encoded names, values).</summary>
internal delegate void WriteFieldsDelegate<in T>(ref MessagePackWriter writer, T clr);
