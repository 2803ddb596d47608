using System.Collections.Immutable;
using Conifer.Values;

namespace Conifer.Compiler.Scaffolding;

/// <summary>
/// Infers previous state types from a stored tree: a record per record position, an enum where
/// every tag at a position has no fields, a union otherwise, lists as <c>ImmutableArray</c> and
/// dictionaries as <c>ImmutableSortedDictionary</c>. Type names follow the new state's type at the
/// same position when there is one (so <c>Prev.User</c> sits beside <c>User</c>), else the field name.
/// </summary>
internal sealed class TreeModelBuilder(StateModel next, Func<string, string, string> rename)
{
    private readonly List<TypeDecl> _declarations = [];
    private readonly Dictionary<string, string> _names = [];

    public static StateModel Build(Value state, StateModel next, Func<string, string, string> rename)
    {
        var builder = new TreeModelBuilder(next, rename);
        var root = builder.Infer("State", [state], next.Root);
        return new StateModel(root, [.. builder._declarations], builder._names.ToImmutableDictionary());
    }

    private TypeRef Infer(string name, List<Value> samples, TypeRef? hint)
    {
        var present = samples.Where(s => s.Kind != ValueKind.Null).ToList();
        var inner = hint is TypeRef.Nullable n ? n.Inner : hint;
        var type = present.Count == 0 ? FromHintOnly(inner) : InferPresent(name, present, inner);
        return present.Count < samples.Count && type is not TypeRef.Nullable ? new TypeRef.Nullable(type) : type;
    }

    private TypeRef FromHintOnly(TypeRef? hint) => hint switch
    {
        TypeRef.Primitive or TypeRef.Opaque => hint,
        TypeRef.Named named => new TypeRef.Opaque(next.CSharpNames[named.Key]),
        TypeRef.Collection collection => new TypeRef.Collection(collection.Kind, [.. collection.Arguments.Select(FromHintOnly)]),
        _ => new TypeRef.Primitive("string"),
    };

    private TypeRef InferPresent(string name, List<Value> present, TypeRef? hint)
    {
        var kinds = present.Select(v => v.Kind).Distinct().ToList();
        if (kinds.Count > 1)
        {
            return kinds.All(k => k is ValueKind.Int or ValueKind.Float) ? new TypeRef.Primitive("double") : new TypeRef.Opaque("object");
        }
        switch (kinds[0])
        {
            case ValueKind.Bool:
                return new TypeRef.Primitive("bool");
            case ValueKind.Int:
                return present.Cast<Value.Int>().All(i => i.Value is >= int.MinValue and <= int.MaxValue) && hint is not TypeRef.Primitive { Keyword: "long" }
                    ? new TypeRef.Primitive("int")
                    : new TypeRef.Primitive("long");
            case ValueKind.Float:
                return new TypeRef.Primitive("double");
            case ValueKind.Decimal:
                return new TypeRef.Primitive("decimal");
            case ValueKind.String:
                return hint is TypeRef.Primitive { Keyword: "Guid" or "DateTimeOffset" } ? hint : new TypeRef.Primitive("string");
            case ValueKind.Bytes:
                return new TypeRef.Collection("ImmutableArray", [new TypeRef.Primitive("byte")]);
            case ValueKind.List:
                {
                    var items = present.Cast<Value.List>().SelectMany(l => l.Items).ToList();
                    var collection = hint as TypeRef.Collection;
                    var itemHint = collection is { Arguments.Length: 1 } ? collection.Arguments[0] : null;
                    var kind = collection is { Kind: "ImmutableList" or "ImmutableSortedSet" } ? collection.Kind : "ImmutableArray";
                    return new TypeRef.Collection(kind, [items.Count == 0 ? FromHintOnly(itemHint) : Infer(Singular(name), items, itemHint)]);
                }
            case ValueKind.Dict:
                {
                    var entries = present.Cast<Value.Dict>().SelectMany(d => d.Entries).ToList();
                    var collection = hint as TypeRef.Collection;
                    var keyHint = collection is { Arguments.Length: 2 } ? collection.Arguments[0] : null;
                    var valueHint = collection is { Arguments.Length: 2 } ? collection.Arguments[1] : null;
                    return new TypeRef.Collection("ImmutableSortedDictionary",
                    [
                        entries.Count == 0 ? FromHintOnly(keyHint) : Infer(name + "Key", [.. entries.Select(e => e.Key)], keyHint),
                    entries.Count == 0 ? FromHintOnly(valueHint) : Infer(Singular(name), [.. entries.Select(e => e.Value)], valueHint),
                ]);
                }
            case ValueKind.Record:
                return new TypeRef.Named(RecordFrom(NameFor(name, hint), [.. present.Cast<Value.Record>().Select(r => r.Fields)], null, hint));
            case ValueKind.Tagged:
                return new TypeRef.Named(TaggedFrom(NameFor(name, hint), present.Cast<Value.Tagged>().ToList(), hint));
            case ValueKind.Null:
            default:
                throw new InvalidOperationException($"{nameof(TreeModelBuilder)}.{nameof(InferPresent)}: unhandled {kinds[0]}");
        }
    }

    private string RecordFrom(string key, List<ImmutableArray<Field>> samples, string? unionKey, TypeRef? hint)
    {
        key = Unique(key);
        _names[key] = "Prev." + key;
        var index = _declarations.Count;
        _declarations.Add(new TypeDecl.Record(key, [], true, unionKey));
        // The lenient check lets a type declare only fields the stored record has, so a field
        // missing from any sample is left out.
        var names = samples[0].Select(f => f.Name).Where(n => samples.All(s => s.Any(f => f.Name == n))).ToList();
        var nextRecord = hint is TypeRef.Named named && next.Find(named.Key) is TypeDecl.Record r ? r : null;
        var fields = names.Select(fieldName =>
        {
            var newName = rename(NameOf(key), fieldName);
            var fieldHint = nextRecord?.Fields.FirstOrDefault(f => f.Name == newName)?.Type;
            return new FieldDecl(fieldName, Infer(fieldName, [.. samples.Select(s => s.First(f => f.Name == fieldName).Value)], fieldHint));
        }).ToImmutableArray();
        _declarations[index] = new TypeDecl.Record(key, fields, true, unionKey);
        return key;
    }

    private string TaggedFrom(string key, List<Value.Tagged> samples, TypeRef? hint)
    {
        key = Unique(key);
        _names[key] = "Prev." + key;
        var tags = samples.Select(s => s.Tag).Distinct().ToList();
        var nextDecl = hint is TypeRef.Named named ? next.Find(named.Key) : null;
        if (samples.All(s => s.Fields.IsEmpty) && nextDecl is not TypeDecl.Union)
        {
            _declarations.Add(new TypeDecl.Enum(key, [.. tags]));
            return key;
        }
        var index = _declarations.Count;
        _declarations.Add(new TypeDecl.Union(key, []));
        var cases = tags.Select(tag =>
        {
            var newTag = rename(NameOf(key), tag);
            var caseHint = nextDecl is TypeDecl.Union union
                ? union.CaseKeys.Where(k => next.Find(k).Name == newTag).Select(k => (TypeRef)new TypeRef.Named(k)).FirstOrDefault()
                : null;
            var caseKey = key + "." + tag;
            return RecordFrom(caseKey, [.. samples.Where(s => s.Tag == tag).Select(s => s.Fields)], key, caseHint);
        }).ToImmutableArray();
        _declarations[index] = new TypeDecl.Union(key, cases);
        return key;
    }

    private string NameFor(string fieldName, TypeRef? hint) =>
        hint is TypeRef.Named named ? NameOf(named.Key) : fieldName;

    private string Unique(string key)
    {
        var candidate = key;
        for (var i = 2; _declarations.Any(d => d.Key == candidate); i++)
        {
            candidate = key + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return candidate;
    }

    private static string NameOf(string key) => key[(key.LastIndexOf('.') + 1)..];

    private static string Singular(string name) =>
        name.Length > 1 && name.EndsWith('s') && !name.EndsWith("ss", StringComparison.Ordinal) ? name[..^1] : name + "Item";
}
