using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace EvSysReview.ServiceDefaults.Diagnostics;

/// <summary>
/// Where one request's time went, phase by phase, for the W3C <c>Server-Timing</c> response header
/// (browser developer tools show it; living-load's <c>--server-timing</c> sums it over the slowest
/// requests). Off unless <c>Diagnostics:ServerTiming</c> is true: timings tell a caller how long
/// other people's work held theirs up, which is for load diagnosis, not for production answers.
/// A phase that runs more than once in a request (two commits) adds up under its one name.
/// </summary>
/// <param name="total">The metric for the whole of this host's part: <c>app</c> in a service host, <c>gateway</c> in the gateway.</param>
public sealed class ServerTiming(string total = ServerTiming.App)
{
    public const string App = "app";

    public const string Gateway = "gateway";

    private static readonly AsyncLocal<ServerTiming?> Scope = new();

    private readonly long _started = Stopwatch.GetTimestamp();
    private readonly List<(string Name, long Ticks)> _phases = new(8);

    /// <summary>The timing of the request this code runs for; null when timing is off or outside a request.</summary>
    public static ServerTiming? Current
    {
        get => Scope.Value;
        internal set => Scope.Value = value;
    }

    /// <summary>Adds the time since <paramref name="startTimestamp"/> (a <see cref="Stopwatch.GetTimestamp"/>) to the phase.</summary>
    public void AddSince(string phase, long startTimestamp) => Add(phase, Stopwatch.GetTimestamp() - startTimestamp);

    public void Add(string phase, long stopwatchTicks)
    {
        // Phases of one request may end on different threads (a commit's parts); the lock is uncontended.
        lock (_phases)
        {
            var index = _phases.FindIndex(p => p.Name == phase);
            if (index < 0) _phases.Add((phase, stopwatchTicks));
            else _phases[index] = (phase, _phases[index].Ticks + stopwatchTicks);
        }
    }

    /// <summary>The header's value: the total (from the first middleware until the answer starts), then each phase in the order first seen, in milliseconds.</summary>
    public string HeaderValue()
    {
        var text = new StringBuilder(160);
        Append(text, total, Stopwatch.GetTimestamp() - _started);
        lock (_phases)
        {
            foreach (var (name, ticks) in _phases) Append(text.Append(", "), name, ticks);
        }

        return text.ToString();
    }

    private static void Append(StringBuilder text, string name, long ticks) =>
        text.Append(name).Append(";dur=").Append((ticks * 1000.0 / Stopwatch.Frequency).ToString("0.###", CultureInfo.InvariantCulture));
}
