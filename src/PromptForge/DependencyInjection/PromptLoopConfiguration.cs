namespace PromptForge;

/// <summary>A configuration step registered for a named loop.</summary>
internal sealed record PromptLoopConfiguration(string LoopName, Action<PromptLoopBuilder, IServiceProvider> Configure);
