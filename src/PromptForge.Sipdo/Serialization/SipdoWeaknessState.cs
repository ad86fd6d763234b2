namespace PromptForge.Sipdo;

/// <summary>
/// What the current prompt got wrong lately, recorded by the optimizer and shown to the generator so the next item
/// probes a weakness of that prompt: the latest error analyses and the items it failed (before repair, or still).
/// </summary>
internal sealed class SipdoWeaknessState
{
    public const string Key = "sipdo.weaknesses";

    /// <summary>The iteration whose repair recorded this.</summary>
    public int Iteration { get; set; }

    /// <summary>The latest error analyses, newest last.</summary>
    public List<string> Analyses { get; set; } = [];

    /// <summary>The latest wrongly answered items, newest last.</summary>
    public List<FailurePayload> Failures { get; set; } = [];

    /// <summary>A copy to change (values read from loop state are never changed in place).</summary>
    public SipdoWeaknessState Copy() => new() { Iteration = Iteration, Analyses = [.. Analyses], Failures = [.. Failures] };
}
