using System.Globalization;

namespace PromptForge.Cli.Providers;

/// <summary>Reads the delay a service asked for: <c>retry-after-ms</c> (OpenAI, Azure) or <c>Retry-After</c> (seconds or an HTTP date).</summary>
internal static class RetryAfterHeader
{
    /// <param name="header">Reads one response header (case-insensitive name), <see langword="null"/> when absent.</param>
    /// <returns>The delay, or <see langword="null"/> when the response asked for none.</returns>
    public static TimeSpan? Read(Func<string, string?> header)
    {
        if (header("retry-after-ms") is { } ms
            && double.TryParse(ms, NumberStyles.Float, CultureInfo.InvariantCulture, out double milliseconds) && milliseconds >= 0)
        {
            return TimeSpan.FromMilliseconds(milliseconds);
        }

        if (header("Retry-After") is { } value && !string.IsNullOrWhiteSpace(value))
        {
            if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds) && seconds >= 0)
            {
                return TimeSpan.FromSeconds(seconds);
            }

            if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset at)
                && header("Date") is { } dateHeader
                && DateTimeOffset.TryParse(dateHeader, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset now))
            {
                // Relative to the server's own clock, so client clock skew does not matter.
                TimeSpan delay = at - now;
                return delay > TimeSpan.Zero ? delay : TimeSpan.Zero;
            }
        }

        return null;
    }
}
