namespace EvSysReview.ServiceDefaults.Messaging;

/// <summary>
/// The consumers the modules of this host registered, collected before the bus is configured once
/// for the whole process. Each gets its own queue named {module}-{message}, so in the standalone host
/// two modules consuming the same event each receive their own copy.
/// </summary>
public sealed class ConsumerCatalog
{
    private readonly List<(Type Consumer, string Endpoint)> _consumers = [];
    private readonly List<RetiredQueue> _retired = [];

    public IReadOnlyList<(Type Consumer, string Endpoint)> Consumers => _consumers;

    /// <summary>Queues of consumers an earlier version had and this one has not (see <see cref="RetiredQueueRemoval"/>).</summary>
    public IReadOnlyList<RetiredQueue> Retired => _retired;

    public void Add(Type consumerType, string moduleName)
    {
        var endpoint = EndpointName(consumerType.IsGenericType ? consumerType.Name[..consumerType.Name.IndexOf('`')] : consumerType.Name, moduleName);
        if (_consumers.Any(c => c.Endpoint == endpoint)) throw new InvalidOperationException($"Two consumers share the queue {endpoint}.");
        _consumers.Add((consumerType, endpoint));
    }

    /// <param name="consumerName">The removed consumer's class name, e.g. "StudyExcludedConsumer".</param>
    /// <param name="message">The message type it consumed, named in the warning when its queue still holds messages.</param>
    public void Retire(string consumerName, string moduleName, string message) =>
        _retired.Add(new RetiredQueue(EndpointName(consumerName, moduleName), message));

    private static string EndpointName(string consumerName, string moduleName)
    {
        var name = consumerName.EndsWith("Consumer", StringComparison.Ordinal) ? consumerName[..^"Consumer".Length] : consumerName;
        return $"{moduleName}-{KebabCase(name)}";
    }

    internal static string KebabCase(string pascal)
    {
        var builder = new System.Text.StringBuilder(pascal.Length + 8);
        for (var i = 0; i < pascal.Length; i++)
        {
            if (char.IsUpper(pascal[i]) && i > 0) builder.Append('-');
            builder.Append(char.ToLowerInvariant(pascal[i]));
        }

        return builder.ToString();
    }
}
