namespace PromptForge;

/// <summary>Where a sample came from.</summary>
public enum SampleOrigin
{
    /// <summary>Written by a generator in this run.</summary>
    Synthetic,

    /// <summary>A real example supplied by the user.</summary>
    Real,
}
