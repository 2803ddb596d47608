namespace Conifer.Compiler.Tests;

/// <summary>The rules refuse no ordinary app code: records, unions, immutable collections, invariant formatting, decimal math, LINQ.</summary>
[Collection(CompilerCollection.Name)]
public sealed class OrdinaryWorkloadTests
{
    private const string Workload = """
        using System.Diagnostics.CodeAnalysis;
        using System.Globalization;
        using System.Security.Cryptography;
        using System.Text;
        using System.Text.Json;
        using System.Text.Json.Serialization;
        using System.Text.RegularExpressions;

        namespace Backend;

        public abstract record Payment
        {
            public sealed record Card(string Last4, decimal Amount) : Payment;

            public sealed record Transfer(string Iban, decimal Amount) : Payment;
        }

        public sealed record Line(string Sku, int Quantity, decimal Price)
        {
            public decimal Total => Math.Round(Quantity * Price, 2, MidpointRounding.ToEven);
        }

        public sealed record Order(string Id, ImmutableArray<Line> Lines, ImmutableSortedSet<string> Tags, Payment? Payment);

        [Flags]
        public enum Options { None = 0, Gift = 1, Express = 2 }

        public sealed class Sku([NotNull] string code) : IEquatable<Sku>
        {
            public string Code => code;

            public bool Equals(Sku? other) => other is not null && string.Equals(other.Code, Code, StringComparison.OrdinalIgnoreCase);

            public override bool Equals(object? obj) => Equals(obj as Sku);

            public override int GetHashCode()
            {
                var hash = new HashCode();
                hash.Add(Code, StringComparer.OrdinalIgnoreCase);
                var combined = hash.ToHashCode();
                return combined ^ Code.Length;
            }
        }

        public sealed record Wire([property: JsonPropertyName("id")] string Id, ImmutableList<string> Items);

        public static class Workload
        {
            private static readonly ImmutableArray<string> Regions = ["eu", "us"];
            private static readonly ImmutableSortedDictionary<string, decimal> Rates = ImmutableSortedDictionary<string, decimal>.Empty.Add("eu", 0.2m).Add("us", 0.07m);
            private static readonly Regex SkuPattern = new("^[A-Z]{3}-[0-9]+$", RegexOptions.CultureInvariant);
            private static readonly StringComparer Comparer = StringComparer.Ordinal;
            private static readonly TimeSpan Grace = TimeSpan.FromDays(14);
            private static readonly Func<Line, decimal> LineTotal = l => l.Total;

            [Obsolete("use Summarize")]
            public static string Old(Order order) => Summarize(order, "eu", 0);

            public static string Summarize(Order order, string region, long posixMilli)
            {
                var net = order.Lines.Where(l => SkuPattern.IsMatch(l.Sku)).Sum(LineTotal);
                var gross = net * (1 + Rates.GetValueOrDefault(region, 0m));
                var byTag = order.Tags.GroupBy(t => t[0]).ToImmutableSortedDictionary(g => g.Key, g => g.Count());
                var counts = new Dictionary<string, int>(Comparer);
                foreach (var line in order.Lines)
                {
                    counts[line.Sku] = counts.GetValueOrDefault(line.Sku) + line.Quantity;
                }
                var seen = new HashSet<Sku>(order.Lines.Select(l => new Sku(l.Sku)));
                var paid = order.Payment switch
                {
                    Payment.Card card => $"card {card.Last4} {card.Amount:F2}",
                    Payment.Transfer transfer => string.Create(CultureInfo.InvariantCulture, $"transfer {transfer.Amount:N2}"),
                    _ => "unpaid",
                };
                var due = DateTimeOffset.FromUnixTimeMilliseconds(posixMilli).Add(Grace).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                var text = new StringBuilder()
                    .Append(gross.ToString("F2", CultureInfo.InvariantCulture)).Append(' ')
                    .Append(string.Join(",", byTag.Select(kv => $"{kv.Key}={kv.Value}"))).Append(' ')
                    .Append(string.Join(",", counts.OrderBy(kv => kv.Key, Comparer).Select(kv => kv.Key + "x" + kv.Value))).Append(' ')
                    .Append(seen.Count).Append(' ').Append(paid).Append(' ').Append(due).Append(' ')
                    .Append(Regions.IndexOf(region)).Append(' ').Append((Options.Gift | Options.Express).ToString())
                    .ToString();
                var json = JsonSerializer.Serialize(new Wire(order.Id, [.. order.Tags]), new JsonSerializerOptions { WriteIndented = false });
                var back = JsonSerializer.Deserialize<Wire>(json)!;
                var digest = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text + back.Id)));
                var parsed = DateTimeOffset.ParseExact("2024-03-10T02:30:00+01:00", "yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
                return $"{text} {digest[..8]} {parsed.ToUnixTimeSeconds()} {double.Parse("1.5", CultureInfo.InvariantCulture) * 2} {int.Parse("42")}";
            }
        }
        """;

    [Fact]
    public void Records_unions_immutable_collections_invariant_formatting_decimal_math_and_LINQ_compile_without_a_diagnostic() =>
        TestApps.Compiles(TestApps.WithFile(Workload));
}
