using System.Collections.Immutable;
using System.Globalization;
using System.Text;

namespace Conifer.Values;

/// <summary>
/// A node of the tagged value tree: the form in which Conifer stores state, events and
/// migration inputs, independent of the .NET types that wrote them (docs/value-format.md).
/// Immutable, with structural equality: two trees are equal when they encode to the same
/// bytes (so <c>NaN</c> equals <c>NaN</c>, <c>-0.0</c> differs from <c>0.0</c>, and the
/// decimal <c>1.50</c> differs from <c>1.5</c>).
/// </summary>
/// <remarks>A closed union: every case is nested here, and a switch over it names them all.</remarks>
public abstract record Value
{
    private Value()
    {
    }

    /// <summary>Which case this node is.</summary>
    public abstract ValueKind Kind { get; }

    /// <summary>
    /// The text <see cref="object.ToString"/> prints, cut at <paramref name="maxChars"/> characters (the last one then
    /// "…"). Walks only as much of the tree as the text shows, so previewing a million entries reads a handful.
    /// </summary>
    public string Preview(int maxChars) => ValuePreview.Of(this, maxChars);

    /// <summary>The absent value.</summary>
    public sealed record Null : Value
    {
        /// <summary>The one null node.</summary>
        public static Null Instance { get; } = new();

        private Null()
        {
        }

        /// <inheritdoc />
        public override ValueKind Kind => ValueKind.Null;

        /// <inheritdoc />
        public override string ToString() => "null";
    }

    /// <summary>A boolean.</summary>
    public sealed record Bool : Value
    {
        /// <summary>The node for <c>true</c>.</summary>
        public static Bool True { get; } = new(true);

        /// <summary>The node for <c>false</c>.</summary>
        public static Bool False { get; } = new(false);

        private Bool(bool value) => Value = value;

        /// <summary>The boolean.</summary>
        public bool Value { get; }

        /// <summary>The shared node for <paramref name="value"/>.</summary>
        public static Bool Of(bool value) => value ? True : False;

        /// <inheritdoc />
        public override ValueKind Kind => ValueKind.Bool;

        /// <inheritdoc />
        public override string ToString() => Value ? "true" : "false";
    }

    /// <summary>A signed 64-bit integer (every CLR integer type up to <see cref="long"/> maps here).</summary>
    public sealed record Int(long Value) : Value
    {
        /// <inheritdoc />
        public override ValueKind Kind => ValueKind.Int;

        /// <inheritdoc />
        public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>An IEEE 754 binary64. Equality is by bits, except that every NaN equals every NaN.</summary>
    public sealed record Float(double Value) : Value
    {
        /// <inheritdoc />
        public override ValueKind Kind => ValueKind.Float;

        /// <inheritdoc />
        public bool Equals(Float? other) =>
            other is not null &&
            (double.IsNaN(Value) ? double.IsNaN(other.Value) : BitConverter.DoubleToInt64Bits(Value) == BitConverter.DoubleToInt64Bits(other.Value));

        /// <inheritdoc />
        public override int GetHashCode() => double.IsNaN(Value) ? -1 : BitConverter.DoubleToInt64Bits(Value).GetHashCode();

        /// <inheritdoc />
        public override string ToString() => Value.ToString("R", CultureInfo.InvariantCulture);
    }

    /// <summary>A decimal. Equality includes the scale: <c>1.50m</c> and <c>1.5m</c> are different nodes.</summary>
    public sealed record Decimal(decimal Value) : Value
    {
        /// <inheritdoc />
        public override ValueKind Kind => ValueKind.Decimal;

        /// <inheritdoc />
        public bool Equals(Decimal? other)
        {
            if (other is null)
            {
                return false;
            }
            Span<int> mine = stackalloc int[4];
            Span<int> theirs = stackalloc int[4];
            decimal.GetBits(Value, mine);
            decimal.GetBits(other.Value, theirs);
            return mine.SequenceEqual(theirs);
        }

        /// <inheritdoc />
        public override int GetHashCode()
        {
            Span<int> bits = stackalloc int[4];
            decimal.GetBits(Value, bits);
            return HashCode.Combine(bits[0], bits[1], bits[2], bits[3]);
        }

        /// <inheritdoc />
        public override string ToString() => Value.ToString(CultureInfo.InvariantCulture) + "m";
    }

    /// <summary>A Unicode string.</summary>
    public sealed record String : Value
    {
        /// <summary>Creates a string node.</summary>
        public String(string value) => Value = value ?? throw new ArgumentNullException(nameof(value));

        /// <summary>The string.</summary>
        public string Value { get; }

        /// <inheritdoc />
        public override ValueKind Kind => ValueKind.String;

        /// <inheritdoc />
        public bool Equals(String? other) => other is not null && string.Equals(Value, other.Value, StringComparison.Ordinal);

        /// <inheritdoc />
        public override int GetHashCode() => string.GetHashCode(Value, StringComparison.Ordinal);

        /// <inheritdoc />
        public override string ToString() => Quote(Value);
    }

    /// <summary>A byte string.</summary>
    public sealed record Bytes : Value
    {
        /// <summary>Creates a bytes node.</summary>
        public Bytes(ImmutableArray<byte> value) => Value = value.IsDefault ? [] : value;

        /// <summary>The bytes.</summary>
        public ImmutableArray<byte> Value { get; }

        /// <inheritdoc />
        public override ValueKind Kind => ValueKind.Bytes;

        /// <inheritdoc />
        public bool Equals(Bytes? other) => other is not null && Value.AsSpan().SequenceEqual(other.Value.AsSpan());

        /// <inheritdoc />
        public override int GetHashCode()
        {
            var hash = new HashCode();
            hash.AddBytes(Value.AsSpan());
            return hash.ToHashCode();
        }

        /// <inheritdoc />
        public override string ToString() => $"bytes[{Value.Length}]";
    }

    /// <summary>An ordered sequence of values.</summary>
    public sealed record List : Value
    {
        /// <summary>The empty list.</summary>
        public static List Empty { get; } = new([]);

        private int _hash;

        /// <summary>Creates a list node.</summary>
        public List(ImmutableArray<Value> items) => Items = items.IsDefault ? [] : items;

        /// <summary>The items in order.</summary>
        public ImmutableArray<Value> Items { get; }

        /// <inheritdoc />
        public override ValueKind Kind => ValueKind.List;

        /// <inheritdoc />
        public bool Equals(List? other) =>
            ReferenceEquals(this, other) ||
            (other is not null && Items.Length == other.Items.Length && GetHashCode() == other.GetHashCode() && Items.SequenceEqual(other.Items));

        /// <inheritdoc />
        public override int GetHashCode()
        {
            if (_hash == 0)
            {
                var hash = new HashCode();
                hash.Add(ValueKind.List);
                foreach (var item in Items)
                {
                    hash.Add(item);
                }
                _hash = hash.ToHashCode() | 1;
            }
            return _hash;
        }

        /// <inheritdoc />
        public override string ToString() => $"[{string.Join(", ", Items)}]";
    }

    /// <summary>
    /// Ordered key/value pairs with keys of any kind. The order is part of the value: mappings from
    /// hash-based CLR collections sort entries by key so that equal states encode to equal bytes.
    /// </summary>
    public sealed record Dict : Value
    {
        /// <summary>The empty dictionary.</summary>
        public static Dict Empty { get; } = new([]);

        private int _hash;

        /// <summary>Creates a dictionary node; keys must be distinct.</summary>
        public Dict(ImmutableArray<KeyValuePair<Value, Value>> entries)
        {
            Entries = entries.IsDefault ? [] : entries;
            if (Entries.Length > 1)
            {
                var seen = new HashSet<Value>(Entries.Length);
                foreach (var entry in Entries)
                {
                    if (!seen.Add(entry.Key))
                    {
                        throw new ArgumentException($"Duplicate dictionary key {entry.Key}.", nameof(entries));
                    }
                }
            }
        }

        /// <summary>The entries in order.</summary>
        public ImmutableArray<KeyValuePair<Value, Value>> Entries { get; }

        /// <inheritdoc />
        public override ValueKind Kind => ValueKind.Dict;

        /// <inheritdoc />
        public bool Equals(Dict? other)
        {
            if (ReferenceEquals(this, other))
            {
                return true;
            }
            if (other is null || Entries.Length != other.Entries.Length || GetHashCode() != other.GetHashCode())
            {
                return false;
            }
            for (var i = 0; i < Entries.Length; i++)
            {
                if (!Entries[i].Key.Equals(other.Entries[i].Key) || !Entries[i].Value.Equals(other.Entries[i].Value))
                {
                    return false;
                }
            }
            return true;
        }

        /// <inheritdoc />
        public override int GetHashCode()
        {
            if (_hash == 0)
            {
                var hash = new HashCode();
                hash.Add(ValueKind.Dict);
                foreach (var entry in Entries)
                {
                    hash.Add(entry.Key);
                    hash.Add(entry.Value);
                }
                _hash = hash.ToHashCode() | 1;
            }
            return _hash;
        }

        /// <inheritdoc />
        public override string ToString() => $"{{{string.Join(", ", Entries.Select(e => $"{e.Key} => {e.Value}"))}}}";
    }

    /// <summary>A record: ordered, uniquely named fields (the CLR property names).</summary>
    public sealed record Record : Value
    {
        private int _hash;

        /// <summary>Creates a record node; field names must be distinct.</summary>
        public Record(ImmutableArray<Field> fields) => Fields = CheckFields(fields);

        /// <summary>The fields in order.</summary>
        public ImmutableArray<Field> Fields { get; }

        /// <inheritdoc />
        public override ValueKind Kind => ValueKind.Record;

        /// <summary>Finds a field by its exact (ordinal) name.</summary>
        public bool TryGetField(string name, out Value value) => TryFind(Fields, name, out value);

        /// <inheritdoc />
        public bool Equals(Record? other) =>
            ReferenceEquals(this, other) ||
            (other is not null && GetHashCode() == other.GetHashCode() && FieldsEqual(Fields, other.Fields));

        /// <inheritdoc />
        public override int GetHashCode()
        {
            if (_hash == 0)
            {
                _hash = HashFields(ValueKind.Record.GetHashCode(), Fields);
            }
            return _hash;
        }

        /// <inheritdoc />
        public override string ToString() => $"{{{string.Join(", ", Fields)}}}";
    }

    /// <summary>A union case or enum member: the tag (case or member name) and its fields.</summary>
    public sealed record Tagged : Value
    {
        private int _hash;

        /// <summary>Creates a tagged node.</summary>
        public Tagged(string tag, ImmutableArray<Field> fields)
        {
            ArgumentException.ThrowIfNullOrEmpty(tag);
            Tag = tag;
            Fields = CheckFields(fields);
        }

        /// <summary>Creates a tagged node without fields (an enum member or a field-less case).</summary>
        public Tagged(string tag)
            : this(tag, [])
        {
        }

        /// <summary>The case or member name.</summary>
        public string Tag { get; }

        /// <summary>The case's fields in order.</summary>
        public ImmutableArray<Field> Fields { get; }

        /// <inheritdoc />
        public override ValueKind Kind => ValueKind.Tagged;

        /// <summary>Finds a field by its exact (ordinal) name.</summary>
        public bool TryGetField(string name, out Value value) => TryFind(Fields, name, out value);

        /// <inheritdoc />
        public bool Equals(Tagged? other) =>
            ReferenceEquals(this, other) ||
            (other is not null && GetHashCode() == other.GetHashCode() &&
             string.Equals(Tag, other.Tag, StringComparison.Ordinal) && FieldsEqual(Fields, other.Fields));

        /// <inheritdoc />
        public override int GetHashCode()
        {
            if (_hash == 0)
            {
                _hash = HashFields(string.GetHashCode(Tag, StringComparison.Ordinal), Fields);
            }
            return _hash;
        }

        /// <inheritdoc />
        public override string ToString() => Fields.IsEmpty ? Tag : $"{Tag} {{{string.Join(", ", Fields)}}}";
    }

    private static ImmutableArray<Field> CheckFields(ImmutableArray<Field> fields)
    {
        if (fields.IsDefault)
        {
            return [];
        }
        // Pairwise comparison is fastest for the few fields of a typical record; past that a set
        // keeps decoding a hostile map of a million distinct names from taking quadratic time.
        var seen = fields.Length > 16 ? new HashSet<string>(fields.Length, StringComparer.Ordinal) : null;
        for (var i = 0; i < fields.Length; i++)
        {
            ArgumentNullException.ThrowIfNull(fields[i].Name);
            ArgumentNullException.ThrowIfNull(fields[i].Value);
            var duplicate = false;
            if (seen is not null)
            {
                duplicate = !seen.Add(fields[i].Name);
            }
            else
            {
                for (var j = 0; j < i && !duplicate; j++)
                {
                    duplicate = string.Equals(fields[i].Name, fields[j].Name, StringComparison.Ordinal);
                }
            }
            if (duplicate)
            {
                throw new ArgumentException($"Duplicate field name '{fields[i].Name}'.", nameof(fields));
            }
        }
        return fields;
    }

    private static bool TryFind(ImmutableArray<Field> fields, string name, out Value value)
    {
        foreach (var field in fields)
        {
            if (string.Equals(field.Name, name, StringComparison.Ordinal))
            {
                value = field.Value;
                return true;
            }
        }
        value = Null.Instance;
        return false;
    }

    private static bool FieldsEqual(ImmutableArray<Field> a, ImmutableArray<Field> b)
    {
        if (a.Length != b.Length)
        {
            return false;
        }
        for (var i = 0; i < a.Length; i++)
        {
            if (!string.Equals(a[i].Name, b[i].Name, StringComparison.Ordinal) || !a[i].Value.Equals(b[i].Value))
            {
                return false;
            }
        }
        return true;
    }

    private static int HashFields(int seed, ImmutableArray<Field> fields)
    {
        var hash = new HashCode();
        hash.Add(seed);
        foreach (var field in fields)
        {
            hash.Add(string.GetHashCode(field.Name, StringComparison.Ordinal));
            hash.Add(field.Value);
        }
        return hash.ToHashCode() | 1;
    }

    private static string Quote(string text)
    {
        var builder = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            _ = c switch
            {
                '"' => builder.Append("\\\""),
                '\\' => builder.Append("\\\\"),
                '\n' => builder.Append("\\n"),
                _ when char.IsControl(c) => builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"),
                _ => builder.Append(c),
            };
        }
        return builder.Append('"').ToString();
    }
}
