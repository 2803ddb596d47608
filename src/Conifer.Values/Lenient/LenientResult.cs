using System.Collections.Immutable;

namespace Conifer.Values.Lenient;

/// <summary>
/// The outcome of reading stored data as a CLR type with the lenient check (DESIGN §2): either
/// the value, or every place where the data does not fit the type. A mismatch is an expected
/// outcome of a deploy, not an error of the runtime, so it is a value the caller must look at.
/// </summary>
/// <typeparam name="T">The type the data was read as.</typeparam>
public abstract record LenientResult<T>
{
    private LenientResult()
    {
    }

    /// <summary>The data fits the type; <see cref="Value"/> is the data as that type.</summary>
    /// <param name="Value">The stored data, read as <typeparamref name="T"/>.</param>
    public sealed record Fits(T Value) : LenientResult<T>
    {
        /// <summary>
        /// The stored record fields the type does not declare, which the read dropped (one entry per
        /// path pattern, in document order); empty when nothing was dropped.
        /// </summary>
        public System.Collections.Immutable.ImmutableArray<IgnoredField> Ignored { get; init; } = [];

        /// <inheritdoc />
        public bool Equals(Fits? other) => other is not null && EqualityComparer<T>.Default.Equals(Value, other.Value) && Ignored.SequenceEqual(other.Ignored);

        /// <inheritdoc />
        public override int GetHashCode() => EqualityComparer<T>.Default.GetHashCode(Value!);
    }

    /// <summary>The data does not fit the type; <see cref="All"/> lists every mismatch found, in document order.</summary>
    /// <param name="All">At least one mismatch.</param>
    public sealed record Mismatches(ImmutableArray<Mismatch> All) : LenientResult<T>
    {
        /// <inheritdoc />
        public bool Equals(Mismatches? other) => other is not null && All.SequenceEqual(other.All);

        /// <inheritdoc />
        public override int GetHashCode() => All.Length;

        /// <inheritdoc />
        public override string ToString() => string.Join(Environment.NewLine, All);
    }
}
