namespace Conifer.Compiler.Tests;

[Collection(CompilerCollection.Name)]
public sealed class DeterminismRuleTests
{
    private const string File = "Backend/Extra.cs";

    private static string Helper(string body, string usings = "") => usings + """
        namespace Backend;

        public static class Helper
        {
        """ + "\n" + body + "\n}\n";

    private static void Rejects(string body, string id, string at, string messagePart, string usings = "") =>
        TestApps.FailsAt(TestApps.WithFile(Helper(body, usings)), id, File, at, messagePart);

    [Theory]
    [InlineData("    public static long F() => DateTime.Now.Ticks;", "Now", "DateTime.Now reads the clock")]
    [InlineData("    public static long F() => DateTime.UtcNow.Ticks;", "UtcNow", "DateTime.UtcNow reads the clock")]
    [InlineData("    public static long F() => DateTimeOffset.Now.Ticks;", "Now", "DateTimeOffset.Now reads the clock")]
    [InlineData("    public static long F() => Environment.TickCount64;", "TickCount64", "Environment.TickCount64 reads the clock")]
    [InlineData("    public static long F() => System.Diagnostics.Stopwatch.GetTimestamp();", "Stopwatch", "Stopwatch reads the clock")]
    public void Clock_is_rejected(string body, string at, string message) => Rejects(body, "CNF0201", at, message);

    [Fact]
    public void Random_is_rejected() =>
        Rejects("    public static int F() => new Random(1).Next();", "CNF0202", "Random", "Random is random");

    [Fact]
    public void Shared_random_is_rejected() =>
        Rejects("    public static int F() => Random.Shared.Next();", "CNF0202", "Random", "Random is random");

    [Fact]
    public void Crypto_random_is_rejected() =>
        Rejects("    public static byte[] F() => RandomNumberGenerator.GetBytes(4);", "CNF0202", "RandomNumberGenerator", "is random", "using System.Security.Cryptography;\n");

    [Fact]
    public void Guid_NewGuid_is_rejected() =>
        Rejects("    public static Guid F() => Guid.NewGuid();", "CNF0203", "NewGuid", "Guid.NewGuid makes a random id");

    [Fact]
    public void File_system_is_rejected() =>
        Rejects("    public static string F() => System.IO.File.ReadAllText(\"x\");", "CNF0204", "File", "touches the file system");

    [Fact]
    public void Network_is_rejected() =>
        Rejects("    public static object F() => new System.Net.Http.HttpClient();", "CNF0205", "HttpClient", "uses the network");

    [Fact]
    public void Environment_is_rejected() =>
        Rejects("    public static string? F() => Environment.GetEnvironmentVariable(\"HOME\");", "CNF0206", "Environment", "machine's environment");

    [Fact]
    public void Console_is_rejected() =>
        Rejects("    public static void F() => Console.WriteLine(1);", "CNF0206", "Console", "Console");

    [Fact]
    public void Process_is_rejected() =>
        Rejects("    public static int F() => System.Diagnostics.Process.GetCurrentProcess().Id;", "CNF0207", "Process", "processes");

    [Fact]
    public void Tasks_are_rejected() =>
        Rejects("    public static int F() => System.Threading.Tasks.Task.Run(() => 1).Result;", "CNF0208", "Task.Run", "threads, tasks or timers");

    [Fact]
    public void Threads_are_rejected() =>
        Rejects("    public static void F() => new System.Threading.Thread(() => { }).Start();", "CNF0208", "Thread(", "threads, tasks or timers");

    [Fact]
    public void Async_methods_are_rejected() =>
        Rejects("    public static async System.Collections.Generic.IAsyncEnumerable<int> F() { yield return 1; await default(ValueTaskLike); }\n    public struct ValueTaskLike { }", "CNF0208", "async", "async uses threads");

    [Fact]
    public void Parallel_linq_is_rejected() =>
        Rejects("    public static int F(int[] xs) => xs.AsParallel().Sum();", "CNF0208", "AsParallel", "ParallelEnumerable.AsParallel");

    [Fact]
    public void Reflection_is_rejected() =>
        Rejects("    public static string F(object o) => o.GetType().Name;", "CNF0209", "GetType", "reflection");

    [Fact]
    public void Typeof_members_are_rejected() =>
        Rejects("    public static object? F() => typeof(Helper).GetMethod(\"F\");", "CNF0209", "GetMethod", "reflection");

    [Fact]
    public void Activator_is_rejected() =>
        Rejects("    public static object? F() => Activator.CreateInstance(typeof(string));", "CNF0209", "Activator", "reflection");

    [Fact]
    public void Static_mutable_field_is_rejected() =>
        Rejects("    private static int counter;\n    public static int F() => counter++;", "CNF0210", "counter;", "static field counter is mutable");

    [Fact]
    public void Static_readonly_field_of_a_mutable_type_is_rejected() =>
        Rejects("    private static readonly List<int> Seen = new();\n    public static int F() => Seen.Count;", "CNF0210", "Seen =", "mutable type System.Collections.Generic.List<int>");

    [Fact]
    public void Static_auto_property_with_a_setter_is_rejected() =>
        Rejects("    public static int Count { get; set; }", "CNF0210", "Count", "static property Count has a setter");

    [Fact]
    public void Unsafe_code_is_rejected() =>
        Rejects("    public static unsafe int F(int x) { int* p = &x; return *p; }", "CNF0211", "unsafe", "unsafe code");

    [Fact]
    public void Extern_methods_are_rejected() =>
        Rejects("    [System.Runtime.InteropServices.DllImport(\"libc\")]\n    public static extern int getpid();", "CNF0212", "extern", "extern method getpid calls native code");

    [Fact]
    public void Dynamic_is_rejected() =>
        Rejects("    public static object F(dynamic d) => d.Anything;", "CNF0213", "dynamic", "dynamic binds at run time");

    [Fact]
    public void Immutable_dictionary_is_rejected_anywhere() =>
        Rejects("    public static int F(int[] xs) => xs.ToImmutableDictionary(x => x.ToString(), x => x).Count;", "CNF0214", "ToImmutableDictionary", "hash-code order");

    [Fact]
    public void Lookups_on_a_sorted_dictionary_are_not_taken_for_hash_order() =>
        TestApps.Compiles(TestApps.WithFile(Helper("""
                public static int F(ImmutableSortedDictionary<string, int> d) =>
                    d.GetValueOrDefault("a") + d.GetValueOrDefault("b", 1) + (d.Contains(new KeyValuePair<string, int>("c", 3)) ? 1 : 0);
            """, "using System.Collections.Immutable;\n")));

    [Fact]
    public void Immutable_hash_set_is_rejected_anywhere() =>
        Rejects("    public static ImmutableHashSet<string> F() => ImmutableHashSet<string>.Empty;", "CNF0214", "ImmutableHashSet", "hash-code order");

    [Fact]
    public void Hash_codes_outside_GetHashCode_are_rejected() =>
        Rejects("    public static int F(string s) => s.GetHashCode();", "CNF0215", "GetHashCode", "different value in every process");

    [Fact]
    public void HashCode_Combine_outside_GetHashCode_is_rejected() =>
        Rejects("    public static int F(string s) => HashCode.Combine(s, 1);", "CNF0215", "HashCode", "different value in every process");

    [Fact]
    public void APIs_outside_the_allow_list_are_rejected() =>
        Rejects("    public static object F() => new System.Diagnostics.Metrics.Meter(\"m\");", "CNF0200", "Meter", "not on the allow-list");

    [Fact]
    public void The_garbage_collector_is_rejected_as_process_wide() =>
        Rejects("    public static object F() => GC.GetTotalMemory(false);", "CNF0216", "GC", "process-wide");

    [Fact]
    public void Time_zone_data_is_rejected() =>
        Rejects("    public static string F() => TimeZoneInfo.Local.Id;", "CNF0206", "TimeZoneInfo", "time zone");

    [Fact]
    public void Shuffle_is_rejected() =>
        Rejects("    public static int[] F(int[] xs) => xs.Shuffle().ToArray();", "CNF0202", "Shuffle", "shared random generator");

    [Fact]
    public void Local_time_is_rejected() =>
        Rejects("    public static DateTimeOffset F(DateTimeOffset t) => t.ToLocalTime();", "CNF0206", "ToLocalTime", "machine's time zone");

    [Fact]
    public void DateTime_is_rejected_as_a_type() =>
        Rejects("    public static int F(DateTime t) => t.Year;", "CNF0206", "DateTime", "machine's time zone");

    [Fact]
    public void DateTimeOffset_from_a_DateTime_is_rejected() =>
        Rejects("    public static DateTimeOffset F(DateTimeOffset t) => new DateTimeOffset(t.UtcDateTime);", "CNF0206", "UtcDateTime", "gives a DateTime");

    [Fact]
    public void Regex_match_timeouts_are_rejected() =>
        Rejects("    public static bool F(string s) => System.Text.RegularExpressions.Regex.IsMatch(s, \"a\", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1));", "CNF0201", "IsMatch", "match timeout");

    [Fact]
    public void Salt_generating_key_derivation_is_rejected() =>
        Rejects("    public static byte[] F() => new Rfc2898DeriveBytes(\"pw\", 16, 1000, HashAlgorithmName.SHA256).GetBytes(32);", "CNF0202", "new Rfc2898DeriveBytes", "random salt", "using System.Security.Cryptography;\n");

    [Fact]
    public void Finalizers_are_rejected() =>
        Rejects("    public sealed class Holder\n    {\n        ~Holder() { }\n    }", "CNF0208", "Holder()", "finalizer");

    [Fact]
    public void Comparer_hash_codes_are_rejected() =>
        Rejects("    public static int F(string s) => StringComparer.Ordinal.GetHashCode(s);", "CNF0215", "GetHashCode", "different value in every process");

    [Fact]
    public void Delegate_reflection_is_rejected() =>
        Rejects("    public static object F(Func<int> f) => f.Method;", "CNF0209", "Method", "reflection");

    [Fact]
    public void A_static_delegate_made_by_a_call_is_rejected() =>
        Rejects("    private static readonly Func<int> Next = MakeCounter();\n    private static Func<int> MakeCounter() { var n = 0; return () => ++n; }", "CNF0210", "Next", "static delegate Next is made by a call");

    [Fact]
    public void Allowed_apis_compile()
    {
        var body = """
                public static readonly System.Text.RegularExpressions.Regex Digits = new("[0-9]+");
                public static readonly ImmutableArray<string> Names = ["a", "b"];
                public static readonly Func<int, int> Twice = x => 2 * x;
                public static readonly Func<string, string> Upper = Shout;

                private static string Shout(string s) => s.ToUpperInvariant();
                public const int Limit = 10;

                public static string F(HttpRequestEvent request, string password)
                {
                    var sb = new System.Text.StringBuilder();
                    var hash = Convert.ToHexString(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(password)));
                    var derived = Rfc2898DeriveBytes.Pbkdf2("pw", new byte[] { 1, 2, 3, 4 }, 1000, HashAlgorithmName.SHA256, 32);
                    var dict = new Dictionary<string, int> { ["a"] = 1 };
                    var sorted = dict.ToImmutableSortedDictionary();
                    var when = DateTimeOffset.FromUnixTimeMilliseconds(request.PosixTimeMilli);
                    var json = System.Text.Json.JsonSerializer.Serialize(new { hash, n = sorted.Count });
                    var id = new Guid(MD5.HashData(System.Text.Encoding.UTF8.GetBytes(request.Id)));
                    sb.Append(hash).Append(derived.Length).Append(when.Year).Append(json).Append(id).Append(nameof(Environment.TickCount));
                    sb.Append(Digits.IsMatch("1")).Append(Math.Max(1, 2)).Append(Names.Length + Limit);
                    return sb.ToString().ToUpperInvariant();
                }

                public sealed record Point(int X, int Y)
                {
                    public override int GetHashCode() => HashCode.Combine(X, Y);
                }
            """;
        TestApps.Compiles(TestApps.WithFile(Helper(body, "using System.Security.Cryptography;\n")));
    }
}
