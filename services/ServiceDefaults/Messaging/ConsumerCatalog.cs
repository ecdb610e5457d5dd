namespace EvSysReview.ServiceDefaults.Messaging;

/// <summary>
/// The consumers the modules of this host registered, collected before the bus is configured once
/// for the whole process. Each gets its own queue named {module}-{message}, so in the standalone host
/// two modules consuming the same event each receive their own copy.
/// </summary>
public sealed class ConsumerCatalog
{
    private readonly List<(Type Consumer, string Endpoint)> _consumers = [];

    public IReadOnlyList<(Type Consumer, string Endpoint)> Consumers => _consumers;

    public void Add(Type consumerType, string moduleName)
    {
        var name = consumerType.IsGenericType ? consumerType.Name[..consumerType.Name.IndexOf('`')] : consumerType.Name;
        if (name.EndsWith("Consumer", StringComparison.Ordinal)) name = name[..^"Consumer".Length];
        var endpoint = $"{moduleName}-{KebabCase(name)}";
        if (_consumers.Any(c => c.Endpoint == endpoint)) throw new InvalidOperationException($"Two consumers share the queue {endpoint}.");
        _consumers.Add((consumerType, endpoint));
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
