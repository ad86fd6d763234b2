using System.Text;

namespace PromptForge;

/// <summary>Process-independent hashing for seeds (string.GetHashCode is randomized per process).</summary>
internal static class StableHash
{
    private const uint FnvOffset = 2166136261;
    private const uint FnvPrime = 16777619;

    public static int Combine(int seed, int iteration, string component)
    {
        uint hash = FnvOffset;
        hash = Mix(hash, seed);
        hash = Mix(hash, iteration);
        foreach (byte b in Encoding.UTF8.GetBytes(component))
        {
            hash = (hash ^ b) * FnvPrime;
        }

        return (int)(hash & 0x7FFFFFFF);
    }

    private static uint Mix(uint hash, int value)
    {
        for (int shift = 0; shift < 32; shift += 8)
        {
            hash = (hash ^ (byte)(value >> shift)) * FnvPrime;
        }

        return hash;
    }
}
