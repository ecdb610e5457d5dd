using System.Reflection;
using BenchmarkDotNet.Running;
using EvSysReview.Benchmarks;

// `dotnet run -c Release --project tests/Benchmarks -- <command> ...` runs a side-by-side command
// (an ISideBySideCommand whose Name matches); anything else goes to BenchmarkDotNet's switcher,
// e.g. `-- --filter '*Reml*'`.
var commands = Assembly.GetExecutingAssembly().GetTypes()
    .Where(t => typeof(ISideBySideCommand).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
    .Select(t => (ISideBySideCommand)Activator.CreateInstance(t)!)
    .ToDictionary(c => c.Name, StringComparer.OrdinalIgnoreCase);

if (args.Length > 0 && commands.TryGetValue(args[0], out var command))
{
    return command.Run(args[1..]);
}

if (args.Length > 0 && args[0] == "list-commands")
{
    foreach (var name in commands.Keys.Order()) Console.WriteLine(name);
    return 0;
}

BenchmarkSwitcher.FromAssembly(typeof(ISideBySideCommand).Assembly).Run(args);
return 0;
