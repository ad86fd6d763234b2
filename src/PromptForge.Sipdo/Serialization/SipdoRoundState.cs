namespace PromptForge.Sipdo;

/// <summary>What kind of round is running, shared by the generator (which knows the level) with the critic and the updater.</summary>
internal sealed class SipdoRoundState
{
    public const string Key = "sipdo.round";

    public int Iteration { get; set; }

    /// <summary>Whether this is the final p* selection round (no new items, no repair, every version re-scored).</summary>
    public bool Selection { get; set; }

    public static bool IsSelection(LoopState state, int iteration) =>
        state.GetExtension(Key, SipdoJsonContext.Default.SipdoRoundState) is { Selection: true } round && round.Iteration == iteration;
}
