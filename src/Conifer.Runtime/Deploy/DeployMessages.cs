namespace Conifer.Runtime.Deploy;

/// <summary>The texts of deploy rejections that the proving run and the transaction share, so both say the same.</summary>
internal static class DeployMessages
{
    public static string StateDoesNotFit(bool hasMigrate, Type readAs, int mismatches) => hasMigrate
        ? $"The stored state does not fit Migrate's parameter type {readAs.FullName} ({mismatches} mismatch(es)). " +
          "Fix the previous types under Backend/Prev/ (conifer migrate scaffold writes them from the stored state)."
        : $"The app has no Backend.MigrateState.Migrate, and the stored state does not fit the new State unchanged ({mismatches} mismatch(es)). " +
          "Write a migration (conifer migrate scaffold SRC --from HOST) or deploy with --init-app-state to start from Init.";

    public static string Threw(bool init, Exception exception) => exception is InsufficientExecutionStackException
        // Metered app code checks the stack as it recurses, so unbounded recursion arrives here
        // as an exception instead of a stack overflow that would end the process.
        ? $"{(init ? "Init" : "Migrate")} overflowed the stack (it recursed too deep and was stopped): {exception.Message}"
        : $"{(init ? "Init" : "Migrate")} threw {exception.GetType().Name}: {exception.Message}";
}
