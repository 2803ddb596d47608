namespace Conifer.Runtime.Admin;

/// <summary>Why an admin function or script changed nothing; the admin API maps each to a 4xx status.</summary>
public enum AdminRefusal
{
    /// <summary>No app is deployed (or the history could not be restored).</summary>
    NoApp,

    /// <summary>The running version has no admin function of that name.</summary>
    UnknownFunction,

    /// <summary>The argument count or an argument's shape does not fit the parameters.</summary>
    BadArguments,

    /// <summary>A commit was asked of something that does not return the app's <c>State</c>.</summary>
    NotAnUpdate,

    /// <summary>The function or script threw.</summary>
    Threw,

    /// <summary>The function or script ran past the time limit.</summary>
    TimedOut,

    /// <summary>The script does not compile or breaks a determinism rule.</summary>
    DoesNotCompile,

    /// <summary>The result cannot be stored (it has no value form).</summary>
    BadResult,
}
