using Conifer.App;

namespace Conifer.Compiler.Loading;

/// <summary>The object-based entry points of one app, built over its concrete types.</summary>
internal interface IAppInvokers
{
    Func<(object State, Commands Commands)> Init { get; }

    Func<HttpRequestEvent, object, (object State, Commands Commands)> OnHttpRequest { get; }

    Func<TimerEvent, object, (object State, Commands Commands)> OnTimer { get; }

    Func<HttpResponseEvent, object, (object State, Commands Commands)> OnHttpResponse { get; }
}
