using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace PromptForge.Cli.Hosting;

/// <summary>
/// Replaces the values of the API keys the CLI knows (read from their environment variables) with
/// <see cref="Redacted"/> in text and bytes, including their JSON-escaped spelling, so a key a model echoes or a user
/// pastes into a prompt never reaches a run folder.
/// </summary>
internal sealed class SecretScrubber
{
    public const string Redacted = "[redacted]";

    /// <summary>The environment variables whose values are secrets: every key the CLI (or its providers) reads.</summary>
    public static readonly string[] SecretVariables = ["OPENAI_API_KEY", "ANTHROPIC_API_KEY", "AZURE_OPENAI_API_KEY", "OLLAMA_API_KEY"];

    /// <summary>Values shorter than this are not treated as secrets: replacing every "abc" in a dataset would destroy it.</summary>
    private const int MinimumSecretLength = 8;

    private static readonly byte[] RedactedBytes = Encoding.UTF8.GetBytes(Redacted);

    private readonly string[] _texts;
    private readonly byte[][] _bytes;

    public SecretScrubber(IEnumerable<string?> secrets)
    {
        var spellings = new HashSet<string>(StringComparer.Ordinal);
        foreach (string secret in secrets.OfType<string>().Select(s => s.Trim()).Where(s => s.Length >= MinimumSecretLength))
        {
            spellings.Add(secret);

            // How System.Text.Json writes it by default ('+' as \u002B and so on), and relaxed.
            spellings.Add(JsonEncodedText.Encode(secret).Value);
            spellings.Add(JsonEncodedText.Encode(secret, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).Value);
        }

        // Longest first, so a spelling that contains another is replaced whole.
        _texts = spellings.OrderByDescending(s => s.Length).ToArray();
        _bytes = _texts.Select(Encoding.UTF8.GetBytes).ToArray();
    }

    public static SecretScrubber None { get; } = new([]);

    public bool IsEmpty => _texts.Length == 0;

    /// <summary>The scrubber of the known key variables' current values.</summary>
    public static SecretScrubber FromEnvironment(Func<string, string?> getEnvironmentVariable, IEnumerable<string>? extraVariables = null) =>
        new(SecretVariables.Concat(extraVariables ?? []).Distinct(StringComparer.Ordinal).Select(getEnvironmentVariable));

    public string Scrub(string text)
    {
        foreach (string secret in _texts)
        {
            if (text.Contains(secret, StringComparison.Ordinal))
            {
                text = text.Replace(secret, Redacted, StringComparison.Ordinal);
            }
        }

        return text;
    }

    public ReadOnlyMemory<byte> Scrub(ReadOnlyMemory<byte> content)
    {
        foreach (byte[] secret in _bytes)
        {
            if (content.Span.IndexOf(secret) >= 0)
            {
                content = Replace(content.Span, secret);
            }
        }

        return content;
    }

    private static byte[] Replace(ReadOnlySpan<byte> content, byte[] secret)
    {
        var output = new List<byte>(content.Length);
        int index;
        while ((index = content.IndexOf(secret)) >= 0)
        {
            output.AddRange(content[..index]);
            output.AddRange(RedactedBytes);
            content = content[(index + secret.Length)..];
        }

        output.AddRange(content);
        return output.ToArray();
    }
}
