namespace PromptForge;

/// <summary>
/// FNV-1a (64-bit) with a SplitMix64 finalizer. Stable across processes and platforms, unlike
/// <see cref="string.GetHashCode()"/>, which .NET randomizes per process; embeddings built from it are reproducible.
/// </summary>
internal static class NGramHash
{
    private const ulong OffsetBasis = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;

    public static ulong Hash(ReadOnlySpan<char> text, ulong seed)
    {
        ulong hash = OffsetBasis ^ seed;
        foreach (char c in text)
        {
            hash ^= c;
            hash *= Prime;
        }

        return Finalize(hash);
    }

    public static ulong Combine(ulong left, ulong right) => Finalize((left * Prime) ^ right);

    // SplitMix64 finalizer: FNV's low bits are weak, and the bucket is taken from the low bits.
    private static ulong Finalize(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
