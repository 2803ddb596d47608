using MessagePack;

namespace Conifer.Values.Mapping;

/// <summary>
/// A compiled reader of a record's field map (the map header already read: <paramref name="count"/>
/// entries follow) that builds the CLR value; <paramref name="owner"/> names the stored node in
/// "missing field" mismatches (<c>record</c> or <c>Tagged "Circle"</c>).
/// </summary>
internal delegate T ReadFieldsDelegate<out T>(ref MessagePackReader reader, ReadContext context, int count, string owner);
