using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.AI;

namespace PromptForge;

/// <summary>One call to a simulated model, as an <see cref="ISimulatedRoleBehavior"/> sees it.</summary>
/// <remarks>
/// <see cref="Random"/> is derived from the simulator seed and a SHA-256 fingerprint of the request (role tag and kind,
/// every message, sampling settings, response schema and the extra request properties), so identical requests get
/// identical answers and any change in the request (a different prompt, sample or vote index) gets a different one.
/// </remarks>
public sealed class SimulatedRoleRequest
{
    /// <summary>Initializes a new instance of the <see cref="SimulatedRoleRequest"/> class (a behavior's unit test can build one directly).</summary>
    /// <param name="roleTag">The role tag; empty when the caller set none.</param>
    /// <param name="messages">The messages of the request.</param>
    /// <param name="responseSchema">The JSON schema of the requested response, if any.</param>
    /// <param name="seed">The simulator seed.</param>
    /// <param name="roleKind">The role kind (<c>generator</c>, <c>task</c>, <c>critic</c> or <c>updater</c>), if known.</param>
    /// <param name="temperature">The requested temperature, if any.</param>
    /// <param name="maxOutputTokens">The requested output token limit, if any.</param>
    /// <param name="extraFingerprint">Further request properties that make the request distinct (for example a vote index).</param>
    /// <param name="jsonRequested">Whether JSON was requested without a schema.</param>
    /// <param name="responseSchemaName">The name of the requested response schema, if any (PromptForge names it after the reply type).</param>
    public SimulatedRoleRequest(
        string roleTag,
        IReadOnlyList<ChatMessage> messages,
        JsonElement? responseSchema = null,
        int seed = 0,
        string? roleKind = null,
        float? temperature = null,
        int? maxOutputTokens = null,
        IEnumerable<KeyValuePair<string, string>>? extraFingerprint = null,
        bool jsonRequested = false,
        string? responseSchemaName = null)
    {
        ArgumentNullException.ThrowIfNull(roleTag);
        ArgumentNullException.ThrowIfNull(messages);

        RoleTag = roleTag;
        RoleKind = roleKind;
        Messages = messages;
        ResponseSchema = responseSchema;
        ResponseSchemaName = responseSchemaName;
        Seed = seed;
        Temperature = temperature;
        MaxOutputTokens = maxOutputTokens;
        JsonRequested = jsonRequested || responseSchema.HasValue;
        SystemText = JoinText(messages, ChatRole.System);
        UserText = JoinText(messages, ChatRole.User);
        FirstUserText = messages.FirstOrDefault(m => m.Role == ChatRole.User)?.Text ?? string.Empty;
        LastUserText = messages.LastOrDefault(m => m.Role == ChatRole.User)?.Text ?? string.Empty;

        Fingerprint = ComputeFingerprint(extraFingerprint ?? []);
        Random = new Random(SeedFrom(seed, Fingerprint));
    }

    /// <summary>Gets the role tag (for example <c>sipdo.error_analysis</c>); empty when the caller set none.</summary>
    public string RoleTag { get; }

    /// <summary>Gets the role kind in lower case (<c>generator</c>, <c>task</c>, <c>critic</c> or <c>updater</c>), or <see langword="null"/> when unknown.</summary>
    public string? RoleKind { get; }

    /// <summary>Gets the messages of the request.</summary>
    public IReadOnlyList<ChatMessage> Messages { get; }

    /// <summary>Gets the text of the system messages, joined by blank lines.</summary>
    public string SystemText { get; }

    /// <summary>Gets the text of the user messages, joined by blank lines.</summary>
    public string UserText { get; }

    /// <summary>Gets the text of the first user message: the task data (a repair call appends its instruction after it).</summary>
    public string FirstUserText { get; }

    /// <summary>Gets the text of the last user message (for a repair call: the repair instruction, not the original task).</summary>
    public string LastUserText { get; }

    /// <summary>Gets the JSON schema of the requested response, or <see langword="null"/> when plain text is expected.</summary>
    public JsonElement? ResponseSchema { get; }

    /// <summary>Gets the name of the requested response schema, or <see langword="null"/> when none was given.</summary>
    public string? ResponseSchemaName { get; }

    /// <summary>Gets a value indicating whether the response must be JSON (a schema or plain JSON mode was requested).</summary>
    public bool JsonRequested { get; }

    /// <summary>Gets the requested temperature, if any.</summary>
    public float? Temperature { get; }

    /// <summary>Gets the requested output token limit, if any.</summary>
    public int? MaxOutputTokens { get; }

    /// <summary>Gets the simulator seed.</summary>
    public int Seed { get; }

    /// <summary>Gets the lower-case hexadecimal SHA-256 fingerprint of the request (without the seed).</summary>
    public string Fingerprint { get; }

    /// <summary>Gets the random source of this request: draw from it in a fixed order to stay deterministic.</summary>
    public Random Random { get; }

    /// <summary>
    /// Determines whether the caller asked for a reply of type <typeparamref name="T"/>: PromptForge's structured calls
    /// name the response schema after the reply type.
    /// </summary>
    /// <typeparam name="T">The reply type.</typeparam>
    /// <param name="typeInfo">The JSON metadata of <typeparamref name="T"/>.</param>
    /// <returns><see langword="true"/> when the requested schema is the one of <typeparamref name="T"/>.</returns>
    public bool RequestsResponseOf<T>(JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        // IModelGateway.GetStructuredResponseAsync names the schema typeInfo.Type.Name (see ModelGateway).
        return string.Equals(ResponseSchemaName, typeInfo.Type.Name, StringComparison.Ordinal);
    }

    /// <summary>
    /// Creates a random source that depends only on the seed, the role tag and <paramref name="key"/> (for example a
    /// sample's text), so a decision about one item does not change when other items are added or reordered.
    /// </summary>
    /// <param name="key">The item key.</param>
    /// <returns>A new random source.</returns>
    public Random CreateRandom(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes(RoleTag + "\u0000" + key));
        return new Random(SeedFrom(Seed, Convert.ToHexStringLower(hash)));
    }

    private static string JoinText(IReadOnlyList<ChatMessage> messages, ChatRole role) =>
        string.Join("\n\n", messages.Where(m => m.Role == role).Select(m => m.Text).Where(t => t.Length > 0));

    private static int SeedFrom(int seed, string fingerprintHex)
    {
        Span<byte> input = stackalloc byte[4 + 32];
        BinaryPrimitives.WriteInt32LittleEndian(input, seed);
        _ = Convert.FromHexString(fingerprintHex.AsSpan(0, 64), input[4..], out _, out _);
        Span<byte> hash = stackalloc byte[32];
        _ = SHA256.HashData(input, hash);
        return BinaryPrimitives.ReadInt32LittleEndian(hash);
    }

    private string ComputeFingerprint(IEnumerable<KeyValuePair<string, string>> extra)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Append(string name, string? value)
        {
            // Length-prefixed fields: no two different requests can produce the same byte stream.
            Span<byte> length = stackalloc byte[4];
            foreach (string part in (ReadOnlySpan<string>)[name, value ?? "\u0000null"])
            {
                byte[] bytes = Encoding.UTF8.GetBytes(part);
                BinaryPrimitives.WriteInt32LittleEndian(length, bytes.Length);
                hash.AppendData(length);
                hash.AppendData(bytes);
            }
        }

        Append("role", RoleTag);
        Append("kind", RoleKind);
        foreach (ChatMessage message in Messages)
        {
            Append("message." + message.Role.Value, message.Text);
        }

        Append("temperature", Temperature?.ToString("R", CultureInfo.InvariantCulture));
        Append("max_output_tokens", MaxOutputTokens?.ToString(CultureInfo.InvariantCulture));
        Append("schema", ResponseSchema?.GetRawText());
        Append("json", JsonRequested ? "1" : "0");
        foreach (KeyValuePair<string, string> pair in extra)
        {
            Append("extra." + pair.Key, pair.Value);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
