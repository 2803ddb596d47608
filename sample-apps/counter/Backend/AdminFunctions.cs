namespace Backend;

/// <summary>
/// Functions an operator runs with <c>conifer apply-function</c>. The parameter named
/// <c>state</c> receives the current state; the others are the caller's arguments.
/// </summary>
public static class AdminFunctions
{
    /// <summary>An update: adds <paramref name="amount"/> (throws on overflow, which changes nothing).</summary>
    public static int AddToCounter(int state, long amount) => checked((int)(state + amount));

    /// <summary>A read: the counter with a label.</summary>
    public static string Describe(int state, string label) => label + ": " + state.ToString();
}
