using Conifer.App.Metering;
using Conifer.Compiler.Metering;
using Microsoft.CodeAnalysis;

namespace Conifer.Compiler.Tests;

[Collection(CompilerCollection.Name)]
public sealed class MeteringTests
{
    /// <summary>Every kind of body the rewriter turns into a metered block, in one file that must still compile.</summary>
    private const string EveryBodyKind = """
        namespace Backend;

        public readonly record struct Money(long Cents)
        {
            public static Money operator +(Money a, Money b) => new(a.Cents + b.Cents);
            public static implicit operator long(Money m) => m.Cents;
            public long Euros => Cents / 100;
            public long this[int i] => Cents >> i;
            public string Text { get => Cents.ToString(); init => _ = value; }
        }

        public sealed class Box
        {
            private readonly int _value;
            public Box(int value) => _value = value;
            public int Value { get { return _value; } }
            public void Ignore(int x) => _ = x;
            public int Fail() => throw new InvalidOperationException("no");
            public static ref readonly int First(int[] xs) => ref xs[0];
        }

        public static class Helper
        {
            public static IEnumerable<int> Evens(int max)
            {
                for (var i = 0; i < max; i += 2)
                    yield return i;
            }

            public static int Sum(ImmutableArray<int> xs)
            {
                var total = 0;
                foreach (var x in xs) total += x;
                foreach (var (a, b) in xs.Select(x => (x, x))) total += a - b;
                var n = 3;
                while (n > 0) n--;
                do { n++; } while (n < 2);
                int Twice(int v) => v * 2;
                void Nothing(int v) => _ = v;
                Nothing(1);
                Action<int> act = v => Nothing(v);
                act(1);
                Func<int> lazy = () => Twice(total);
                Func<int, int> thrower = _ => throw new ArgumentException("x");
                var natural = (int v) => v + 1;
                var anonymous = delegate (int v) { return v; };
                var sorted = xs.OrderBy(x => -x).Select(static x => x).Where(x => { return x > 0; }).ToList();
                var queried = xs.AsQueryable().Where(x => xs.Any(y => y > x)).Count();
            again:
                if (!int.TryParse("1", out var parsed)) goto again;
                switch (parsed) { case 0: goto case 1; case 1: break; default: goto case 0; }
                sorted.ForEach(x => total += x);
                return lazy() + natural(1) + anonymous(2) + Evens(4).Count() + new Box(1).Value + (int)(long)new Money(1) + (thrower is null ? 1 : 0) + queried + parsed;
            }
        }
        """;

    [Theory]
    [InlineData(TestApps.Counter)]
    [InlineData(TestApps.CounterText)]
    [InlineData(TestApps.CounterBadMigration)]
    [InlineData("hours/v1")]
    [InlineData("hours/v2")]
    [InlineData("hours/v3")]
    public void Metered_sample_apps_compile_as_they_are(string sample)
    {
        var compilation = AppCompiler.CreateCompilation(AppSource.FromDirectory(TestApps.SampleFolder(sample)));

        var metered = AppMetering.Instrument(compilation);

        Assert.Empty(metered.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        Assert.Contains("ExecutionBudget.Enter()", string.Concat(metered.SyntaxTrees.Select(t => t.ToString())));
        Assert.True(((CompileResult.Success)AppCompiler.Compile(AppSource.FromDirectory(TestApps.SampleFolder(sample)))).App.IsMetered);
    }

    [Fact]
    public void An_assembly_emitted_without_the_rewrite_is_told_apart()
    {
        var source = AppSource.FromDirectory(TestApps.SampleFolder(TestApps.Counter));
        var metered = ((CompileResult.Success)AppCompiler.Compile(source)).App;
        using var image = new MemoryStream();
        Assert.True(AppCompiler.CreateCompilation(source).Emit(image).Success);

        var plain = metered with { AssemblyBytes = [.. image.ToArray()] };

        Assert.True(metered.IsMetered);
        Assert.False(plain.IsMetered);
    }

    [Fact]
    public void Every_kind_of_body_is_metered_and_still_compiles_with_the_same_meaning()
    {
        var compilation = AppCompiler.CreateCompilation(TestApps.Source(
            ("Backend/App.cs", TestApps.AppFile()), ("Backend/State.cs", TestApps.CountState), ("Backend/Extra.cs", EveryBodyKind)));
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));

        var metered = AppMetering.Instrument(compilation);

        Assert.Empty(metered.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var text = metered.SyntaxTrees.Single(t => t.FilePath == "Backend/Extra.cs").ToString();
        // 5 loops and 3 gotos; methods, accessors, operators, local functions and lambdas each enter once.
        Assert.Equal(8, text.Split("ExecutionBudget.Tick()").Length - 1);
        Assert.True(text.Split("ExecutionBudget.Enter()").Length - 1 >= 25, text);
    }

    [Fact]
    public void A_loop_in_app_code_is_stopped_at_its_limit_and_the_thread_is_free_again()
    {
        var app = Load("    public static int Spin() { var i = 0; while (true) { i++; } }");
        var spin = app.Assembly.GetType("Backend.Helper")!.GetMethod("Spin")!;

        Exception? thrown;
        using (ExecutionBudget.Limit(TimeSpan.FromMilliseconds(50)))
        {
            thrown = Record.Exception(() => spin.Invoke(null, []));
        }

        Assert.IsType<ExecutionBudgetExceededException>(thrown?.InnerException);
        app.Unload();
    }

    [Fact]
    public void A_loop_made_of_goto_is_stopped_too()
    {
        var app = Load("""
                public static int Jump()
                {
                    var n = 0;
                again:
                    n++;
                    goto again;
                }
            """);
        var jump = app.Assembly.GetType("Backend.Helper")!.GetMethod("Jump")!;

        Exception? thrown;
        using (ExecutionBudget.Limit(TimeSpan.FromMilliseconds(50)))
        {
            thrown = Record.Exception(() => jump.Invoke(null, []));
        }

        Assert.IsType<ExecutionBudgetExceededException>(thrown?.InnerException);
        app.Unload();
    }

    [Fact]
    public void Goto_case_loops_are_stopped_too()
    {
        var app = Load("""
                public static int Bounce(int x)
                {
                    switch (x)
                    {
                        case 0: goto case 1;
                        case 1: goto case 0;
                        default: return x;
                    }
                }
            """);
        var bounce = app.Assembly.GetType("Backend.Helper")!.GetMethod("Bounce")!;

        Exception? thrown;
        using (ExecutionBudget.Limit(TimeSpan.FromMilliseconds(50)))
        {
            thrown = Record.Exception(() => bounce.Invoke(null, [0]));
        }

        Assert.IsType<ExecutionBudgetExceededException>(thrown?.InnerException);
        app.Unload();
    }

    [Fact]
    public void A_loop_that_swallows_the_stop_is_stopped_by_the_loop_around_it()
    {
        var app = Load("""
                public static int Stubborn()
                {
                    var n = 0;
                    while (true)
                    {
                        try { while (true) { n++; } }
                        catch (Exception) { n--; }
                    }
                }
            """);
        var stubborn = app.Assembly.GetType("Backend.Helper")!.GetMethod("Stubborn")!;

        Exception? thrown;
        using (ExecutionBudget.Limit(TimeSpan.FromMilliseconds(50)))
        {
            thrown = Record.Exception(() => stubborn.Invoke(null, []));
        }

        Assert.IsType<ExecutionBudgetExceededException>(thrown?.InnerException);
        app.Unload();
    }

    [Theory]
    [InlineData("catch (Exception) { n = -1; }")]
    [InlineData("catch { n = -1; }")]
    [InlineData("catch (Exception e) when (e is not null) { n = -1; }")]
    [InlineData("catch (SystemException) { n = -1; } catch (Exception) { n = -2; }")]
    [InlineData("catch (Exception) { try { throw; } catch { n = -1; } }")]
    public void No_catch_of_app_code_can_swallow_the_stop(string handler)
    {
        var app = Load($$"""
                public static int Swallow()
                {
                    var n = 0;
                    try { while (true) { n++; } }
                    {{handler}}
                    return n;
                }
            """);
        var swallow = app.Assembly.GetType("Backend.Helper")!.GetMethod("Swallow")!;

        Exception? thrown;
        using (ExecutionBudget.Limit(TimeSpan.FromMilliseconds(50)))
        {
            thrown = Record.Exception(() => swallow.Invoke(null, []));
        }

        Assert.IsType<ExecutionBudgetExceededException>(thrown?.InnerException);
        app.Unload();
    }

    [Theory]
    [InlineData("Loops")]
    [InlineData("Throws")]
    public void A_finally_that_loops_or_throws_something_else_cannot_bring_a_stopped_call_back(string name)
    {
        var app = Load("""
                public static int Loops()
                {
                    var n = 0;
                    try { while (true) { n++; } }
                    finally { while (true) { n--; } }
                }

                public static int Throws()
                {
                    var n = 0;
                    try
                    {
                        try { while (true) { n++; } }
                        finally { throw new InvalidOperationException("replaced"); }
                    }
                    catch (InvalidOperationException) { n = -1; }
                    return n;
                }
            """);
        var method = app.Assembly.GetType("Backend.Helper")!.GetMethod(name)!;

        Exception? thrown;
        Exception? overrun;
        using (var scope = ExecutionBudget.Limit(TimeSpan.FromMilliseconds(50)))
        {
            var call = method.CreateDelegate<Func<int>>();
            thrown = Record.Exception(() => call());
            overrun = scope.Overrun;
        }

        Assert.NotNull(thrown);
        Assert.IsType<ExecutionBudgetExceededException>(overrun);
        app.Unload();
    }

    [Fact]
    public void Deep_recursion_cannot_be_caught_either()
    {
        var app = Load("""
                public static int Down(int n) => Down(n + 1) + 1;
                public static int Guarded() { try { return Down(0); } catch (Exception) { return -1; } }
            """);
        var guarded = app.Assembly.GetType("Backend.Helper")!.GetMethod("Guarded")!;

        Exception? thrown;
        using (ExecutionBudget.Limit(TimeSpan.FromSeconds(30)))
        {
            thrown = Record.Exception(() => guarded.Invoke(null, []));
        }

        Assert.IsType<InsufficientExecutionStackException>(thrown?.InnerException);
        app.Unload();
    }

    [Fact]
    public void A_regular_expression_that_backtracks_forever_times_out_with_the_call_and_cannot_be_caught()
    {
        var app = Load("""
                public static int Match(string input)
                {
                    try
                    {
                        var built = new System.Text.RegularExpressions.Regex("^(a+)+$");
                        return System.Text.RegularExpressions.Regex.IsMatch(input, "^(a+)+$") || built.IsMatch(input) ? 1 : 0;
                    }
                    catch (Exception) { return -1; }
                }
            """);
        var match = app.Assembly.GetType("Backend.Helper")!.GetMethod("Match")!;

        Exception? thrown;
        using (ExecutionBudget.Limit(TimeSpan.FromMilliseconds(200)))
        {
            thrown = Record.Exception(() => match.Invoke(null, [new string('a', 40) + "!"]));
        }
        object? quick;
        using (ExecutionBudget.Limit(TimeSpan.FromSeconds(30)))
        {
            quick = match.Invoke(null, ["aaaa"]);
        }

        Assert.IsType<System.Text.RegularExpressions.RegexMatchTimeoutException>(thrown?.InnerException);
        Assert.Equal(1, quick);
        app.Unload();
    }

    [Fact]
    public void Unbounded_recursion_throws_instead_of_ending_the_process()
    {
        var app = Load("    public static int Down(int n) => Down(n + 1) + 1;");
        var down = app.Assembly.GetType("Backend.Helper")!.GetMethod("Down")!;

        var thrown = Record.Exception(() => down.Invoke(null, [0]));

        Assert.IsType<InsufficientExecutionStackException>(thrown?.InnerException);
        app.Unload();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void A_zero_or_infinite_limit_sets_no_deadline(int milliseconds)
    {
        var app = Load("    public static int Count(int n) { var i = 0; while (i < n) { i++; } return i; }");
        var count = app.Assembly.GetType("Backend.Helper")!.GetMethod("Count")!;

        object? counted;
        using (ExecutionBudget.Limit(TimeSpan.FromMilliseconds(milliseconds)))
        {
            counted = count.Invoke(null, [100_000]);
        }

        Assert.Equal(100_000, counted);
        app.Unload();
    }

    [Fact]
    public void App_code_cannot_reach_the_meter_itself() =>
        TestApps.FailsAt(
            TestApps.WithFile("namespace Backend;\n\npublic static class Helper\n{\n    public static void F() => Conifer.App.Metering.ExecutionBudget.Tick();\n}\n"),
            "CNF0200", "Backend/Extra.cs", "ExecutionBudget", "ExecutionBudget");

    private static LoadedApp Load(string helperBody)
    {
        var source = TestApps.Source(
            ("Backend/App.cs", TestApps.AppFile()), ("Backend/State.cs", TestApps.CountState),
            ("Backend/Extra.cs", "namespace Backend;\n\npublic static class Helper\n{\n" + helperBody + "\n}\n"));
        return TestApps.Compiles(source).App.Load();
    }
}
