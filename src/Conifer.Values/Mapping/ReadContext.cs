using System.Runtime.CompilerServices;
using System.Text;
using Conifer.Values.Lenient;

namespace Conifer.Values.Mapping;

/// <summary>
/// The state of one lenient read (from a tree or from bytes): the path to the node being read,
/// the mismatches found so far, the depth and the limits. The path is a stack of cheap segments
/// rendered to text only when a mismatch is reported, so a read that fits allocates nothing for it.
/// </summary>
internal sealed class ReadContext
{
    private Segment[] _segments = new Segment[16];
    private int _count;
    private List<Mismatch>? _mismatches;
    private Dictionary<string, IgnoredField>? _ignored;

    public ReadContext(ValueLimits limits, ReadOnlyMemory<byte> source)
    {
        Limits = limits;
        Source = source;
    }

    public ValueLimits Limits { get; }

    /// <summary>The document being read by the fast path (dictionary keys are rendered from it lazily).</summary>
    public ReadOnlyMemory<byte> Source { get; }

    public int MismatchCount => _mismatches?.Count ?? 0;

    public int Depth { get; private set; }

    public void PushField(string name) => Push(new Segment(SegmentKind.Field, name, 0, null));

    public void PushIndex(int index) => Push(new Segment(SegmentKind.Index, null, index, null));

    /// <summary>The value under a dictionary key that starts at <paramref name="offset"/> in <see cref="Source"/>.</summary>
    public void PushKeyAt(long offset, bool isKey) => Push(new Segment(isKey ? SegmentKind.KeyAt : SegmentKind.ValueAt, null, offset, null));

    /// <summary>The value under the dictionary key <paramref name="key"/> (tree path).</summary>
    public void PushKey(Value key, bool isKey) => Push(new Segment(isKey ? SegmentKind.Key : SegmentKind.Value, null, 0, key));

    public void Pop() => _count--;

    /// <summary>Entering a nested node; the depth limit protects the stack from hostile input.</summary>
    public void Enter(long offset)
    {
        if (++Depth > Limits.MaxDepth)
        {
            throw FormatErrors.LimitExceeded(offset, nameof(Limits.MaxDepth), Limits.MaxDepth, $"nesting deeper than the limit of {Limits.MaxDepth}");
        }
        // A caller may raise MaxDepth beyond what the thread's stack holds; probing once every 16
        // levels turns that into the limit exception instead of a process-killing stack overflow.
        if ((Depth & 15) == 0 && !RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw FormatErrors.LimitExceeded(offset, nameof(Limits.MaxDepth), Limits.MaxDepth, $"nesting at depth {Depth} exhausts the thread's stack before the limit of {Limits.MaxDepth}");
        }
    }

    public void Exit() => Depth--;

    public void Report(string stored, string expected) => Report(null, stored, expected);

    /// <summary>Reports a mismatch at the current path, or at its field <paramref name="field"/>.</summary>
    public void Report(string? field, string stored, string expected)
    {
        var path = RenderPath();
        if (field is not null)
        {
            path += "." + field;
        }
        (_mismatches ??= []).Add(new Mismatch(path, stored, expected));
    }

    /// <summary>The name of the last field <see cref="RecordFieldReading.MatchKey"/> found unknown, for <see cref="Wire.SkipIgnored"/>.</summary>
    public string? UnknownField { get; set; }

    /// <summary>
    /// Notes that the stored field <paramref name="name"/> at the current path holds <paramref name="value"/>,
    /// which the type does not declare. Rare (only data written by another type has such fields), so
    /// the path is rendered here; occurrences under one path pattern share one entry.
    /// </summary>
    public void Ignore(string name, Value value)
    {
        _ignored ??= new Dictionary<string, IgnoredField>(StringComparer.Ordinal);
        var pattern = RenderPath(pattern: true) + "." + name;
        if (_ignored.TryGetValue(pattern, out var known))
        {
            _ignored[pattern] = known with { Count = known.Count + 1 };
            return;
        }
        _ignored[pattern] = new IgnoredField(pattern, RenderPath(pattern: false) + "." + name, value.Preview(IgnoredField.PreviewChars), 1);
    }

    public LenientResult<T> Result<T>(T value) =>
        _mismatches is not null ? new LenientResult<T>.Mismatches([.. _mismatches])
        : _ignored is null ? new LenientResult<T>.Fits(value)
        : new LenientResult<T>.Fits(value) { Ignored = [.. _ignored.Values] };

    private void Push(Segment segment)
    {
        if (_count == _segments.Length)
        {
            Array.Resize(ref _segments, _count * 2);
        }
        _segments[_count++] = segment;
    }

    private string RenderPath(bool pattern = false)
    {
        var text = new StringBuilder("$");
        for (var i = 0; i < _count; i++)
        {
            var segment = _segments[i];
            if (pattern && segment.Kind != SegmentKind.Field)
            {
                text.Append("[*]");
                continue;
            }
            _ = segment.Kind switch
            {
                SegmentKind.Field => text.Append('.').Append(segment.Name),
                SegmentKind.Index => text.Append('[').Append(segment.Number).Append(']'),
                SegmentKind.Value => text.Append('[').Append(StoredText.Key(segment.Key!)).Append(']'),
                SegmentKind.Key => text.Append("[key ").Append(StoredText.Key(segment.Key!)).Append(']'),
                SegmentKind.ValueAt => text.Append('[').Append(StoredText.Key(Wire.NodeAt(Source, segment.Number, Limits))).Append(']'),
                SegmentKind.KeyAt => text.Append("[key ").Append(StoredText.Key(Wire.NodeAt(Source, segment.Number, Limits))).Append(']'),
                _ => throw new InvalidOperationException($"{nameof(RenderPath)}: unhandled segment kind {segment.Kind}"),
            };
        }
        return text.ToString();
    }

    private enum SegmentKind : byte
    {
        Field,
        Index,
        Key,
        Value,
        KeyAt,
        ValueAt,
    }

    private readonly record struct Segment(SegmentKind Kind, string? Name, long Number, Value? Key);
}
