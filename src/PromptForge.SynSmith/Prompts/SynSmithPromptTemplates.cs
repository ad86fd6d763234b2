using System.Collections.Concurrent;
using System.Text;

namespace PromptForge.SynSmith;

/// <summary>
/// The built-in prompt templates (embedded <c>Prompts/*.md</c> files). Options properties hold a template each, so
/// users can override any of them; <c>{{name}}</c> placeholders are filled by SynSmith.
/// </summary>
public static class SynSmithPromptTemplates
{
    private static readonly ConcurrentDictionary<string, string> Cache = new(StringComparer.Ordinal);

    /// <summary>Gets the generator template (<c>{{prompt}}</c> is the generator prompt being optimized).</summary>
    public static string Generator => Load("generator.md");

    /// <summary>Gets the verbalized-sampling generator template (<c>{{prompt}}</c>, <c>{{candidates}}</c>).</summary>
    public static string GeneratorVerbalized => Load("generator-verbalized.md");

    /// <summary>Gets the attribute verifier template.</summary>
    public static string AttributeVerifier => Load("attribute-verifier.md");

    /// <summary>Gets the realism discriminator template.</summary>
    public static string RealismDiscriminator => Load("realism-discriminator.md");

    /// <summary>Gets the diversity auditor template.</summary>
    public static string DiversityAuditor => Load("diversity-auditor.md");

    /// <summary>Gets the pack discriminator template.</summary>
    public static string PackDiscriminator => Load("pack-discriminator.md");

    /// <summary>Gets the mode hunter template.</summary>
    public static string ModeHunter => Load("mode-hunter.md");

    /// <summary>Gets the prompt updater template.</summary>
    public static string Updater => Load("updater.md");

    internal static string Load(string fileName) => Cache.GetOrAdd(fileName, static name =>
    {
        var assembly = typeof(SynSmithPromptTemplates).Assembly;
        var resource = assembly.GetManifestResourceNames().Single(n => n.EndsWith(".Prompts." + name, StringComparison.Ordinal));
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd().Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd() + "\n";
    });

    /// <summary>Fills <c>{{name}}</c> placeholders; unknown placeholders are left as they are.</summary>
    internal static string Render(string template, IReadOnlyDictionary<string, string> values)
    {
        var builder = new StringBuilder(template);
        foreach (var (name, value) in values)
        {
            builder.Replace("{{" + name + "}}", value);
        }

        return builder.ToString();
    }
}
