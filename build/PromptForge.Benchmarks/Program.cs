using System.Reflection;
using BenchmarkDotNet.Running;
using PromptForge.Benchmarks;

// Usage:
//   dotnet run -c Release --project build/PromptForge.Benchmarks -- list
//   dotnet run -c Release --project build/PromptForge.Benchmarks -- <bench-name> [args]
//   dotnet run -c Release --project build/PromptForge.Benchmarks -- bdn [BenchmarkDotNet args]
var commands = typeof(Program).Assembly.GetTypes()
    .Where(t => !t.IsAbstract && typeof(IBenchCommand).IsAssignableFrom(t))
    .Select(t => (IBenchCommand)Activator.CreateInstance(t)!)
    .OrderBy(c => c.Name, StringComparer.Ordinal)
    .ToList();

if (args.Length == 0 || args[0] is "list" or "--help" or "-h")
{
    Console.WriteLine("PromptForge bench programs:");
    foreach (var c in commands)
    {
        Console.WriteLine($"  {c.Name,-28} {c.Description}");
    }

    Console.WriteLine("  bdn                          BenchmarkDotNet micro-benchmarks (pass BenchmarkDotNet arguments after it)");
    return 0;
}

if (args[0] == "bdn")
{
    BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args[1..]);
    return 0;
}

var command = commands.FirstOrDefault(c => c.Name == args[0]);
if (command is null)
{
    Console.Error.WriteLine($"Unknown bench '{args[0]}'. Run with 'list' to see the bench programs.");
    return 2;
}

return await command.RunAsync(args[1..]);
