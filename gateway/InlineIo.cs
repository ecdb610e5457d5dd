namespace EvSysReview.Gateway;

/// <summary>
/// The gateway's own process runs its I/O inline: socket completions (the runtime's documented
/// <c>DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS</c>) and Kestrel's request pipeline
/// (<c>UnsafePreferInlineScheduling</c>) continue on the socket engine's thread instead of being
/// queued to the thread pool. A proxy does no blocking work per request (token validation is CPU
/// only; everything else awaits a socket), so each queueing only added a wake-up and a context
/// switch: with one connection the gateway added 0.311 ms to a request, inline 0.181
/// (docs/performance.md, "YARP's I/O inline"). Hosts with blocking work (SQLite) keep the default.
/// </summary>
public static class InlineIo
{
    public const string SocketCompletionsVariable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    /// <summary>
    /// Called first in the gateway's <c>Program</c>: the runtime reads the variable when the
    /// process creates its first socket. An operator's own value wins (<c>0</c> turns it off).
    /// </summary>
    public static void PreferForThisProcess()
    {
        if (Environment.GetEnvironmentVariable(SocketCompletionsVariable) is null) Environment.SetEnvironmentVariable(SocketCompletionsVariable, "1");
    }

    /// <summary>Whether this process's socket completions run inline.</summary>
    public static bool SocketCompletionsInline => Environment.GetEnvironmentVariable(SocketCompletionsVariable) == "1";
}
