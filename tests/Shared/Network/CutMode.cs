namespace Conifer.Tests.Shared.Network;

/// <summary>How <see cref="TcpProxy.Cut"/> breaks the path.</summary>
public enum CutMode
{
    /// <summary>
    /// Every live connection is closed with a TCP reset on both sides, and new ones are accepted and reset at once:
    /// the client sees "connection reset" right away, the server sees its session end.
    /// </summary>
    Reset,

    /// <summary>
    /// Sockets stay open but no byte moves in either direction, for live and new connections alike: the client
    /// sees nothing until its own timeouts fire, the server sees an idle session. Like a network partition,
    /// <see cref="TcpProxy.Heal"/> lets the held bytes through, late.
    /// </summary>
    Blackhole,
}
