using System.Runtime.Loader;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Conifer.Compiler;

namespace Conifer.Benchmarks.Compiler;

/// <summary>
/// What metering costs app code: the same source compiled by <see cref="AppCompiler"/> (metered:
/// a tick per loop turn, a stack check and tick per call) against the baseline of the very same
/// compilation emitted without the rewrite. A tight loop and a call-heavy recursion are the worst
/// cases; real handlers do more work per tick. Target: within 1.5x on both.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class MeteringBenchmarks
{
    private const string Source = """
        namespace Backend;

        public static class Work
        {
            public static long Sum(int n)
            {
                long total = 0;
                for (var i = 0; i < n; i++)
                {
                    total += i ^ (total >> 3);
                }
                return total;
            }

            public static int Fib(int n) => n < 2 ? n : Fib(n - 1) + Fib(n - 2);
        }

        public sealed class App : IWebServiceApp<int>
        {
            public static (int State, Commands Commands) Init() => (0, Commands.None);

            public static (int State, Commands Commands) OnHttpRequest(HttpRequestEvent request, int state) => (state, Commands.None);
        }
        """;

    private Func<int, long> _sumMetered = null!;
    private Func<int, long> _sumPlain = null!;
    private Func<int, int> _fibMetered = null!;
    private Func<int, int> _fibPlain = null!;

    [GlobalSetup]
    public void Setup()
    {
        var source = AppSource.FromTexts([KeyValuePair.Create("Backend/App.cs", Source)]);
        var metered = ((CompileResult.Success)AppCompiler.Compile(source)).App.Load().Assembly.GetType("Backend.Work")!;
        using var image = new MemoryStream();
        if (!AppCompiler.CreateCompilation(source).Emit(image).Success)
        {
            throw new InvalidOperationException("The benchmark app does not compile.");
        }
        image.Position = 0;
        var plain = new AssemblyLoadContext("plain", isCollectible: true).LoadFromStream(image).GetType("Backend.Work")!;
        _sumMetered = metered.GetMethod("Sum")!.CreateDelegate<Func<int, long>>();
        _sumPlain = plain.GetMethod("Sum")!.CreateDelegate<Func<int, long>>();
        _fibMetered = metered.GetMethod("Fib")!.CreateDelegate<Func<int, int>>();
        _fibPlain = plain.GetMethod("Fib")!.CreateDelegate<Func<int, int>>();
    }

    [Benchmark(Baseline = true), BenchmarkCategory("loop")]
    public long Loop_1M_unmetered() => _sumPlain(1_000_000);

    [Benchmark, BenchmarkCategory("loop")]
    public long Loop_1M_metered() => _sumMetered(1_000_000);

    [Benchmark(Baseline = true), BenchmarkCategory("calls")]
    public int Fib_25_unmetered() => _fibPlain(25);

    [Benchmark, BenchmarkCategory("calls")]
    public int Fib_25_metered() => _fibMetered(25);
}
