using BenchmarkDotNet.Running;

// Every benchmark class in this assembly is selectable with --filter; the side-by-side reference
// scripts (R metafor, Biopython) live next to the area's benchmark classes and print ratios.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
