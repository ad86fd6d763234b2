namespace PromptForge.Benchmarks;

/// <summary>A bench program that prints its own figures (ratios, timings) and returns an exit code.</summary>
internal interface IBenchCommand
{
    /// <summary>Gets the name used on the command line: <c>dotnet run -c Release --project build/PromptForge.Benchmarks -- NAME</c>.</summary>
    string Name { get; }

    /// <summary>Gets a one-line description shown by <c>list</c>.</summary>
    string Description { get; }

    /// <summary>Runs the bench and prints its figures.</summary>
    Task<int> RunAsync(string[] args);
}
